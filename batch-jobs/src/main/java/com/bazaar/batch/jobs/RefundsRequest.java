package com.bazaar.batch.jobs;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.refunds.RefundsJobConfiguration;
import com.bazaar.batch.support.ImportParameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Issue a file of refunds. Identifying: the file's checksum and mode; describing: its path, the error report's and the
 * partitions its rows are issued in (1: in this process alone).
 */
public record RefundsRequest(InputFile.Identified input, Mode mode, Optional<Path> errorReport, int partitions)
        implements JobRequest {

    /** Run in this process alone. */
    public RefundsRequest(InputFile.Identified input, Mode mode, Optional<Path> errorReport) {
        this(input, mode, errorReport, 1);
    }

    @Override
    public String job() {
        return RefundsJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        return List.of(JobParameter.identifying(ImportParameters.SHA256, input.sha256()),
                JobParameter.identifying(ImportParameters.MODE, mode.label()),
                JobParameter.describing(ImportParameters.FILE, input.file().toString()),
                JobParameter.describing(ImportParameters.ERROR_REPORT, Mode.path(errorReport)),
                JobParameter.describing(JobParameter.PARTITIONS, Integer.toString(partitions)));
    }
}
