package com.bazaar.reconciliation.run;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.jobs.JobParameter;
import com.bazaar.batch.jobs.JobRequest;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reconcile a provider's settlement file. Identifying: the provider and the file's checksum (the same file is one
 * run: running it again does nothing); describing: its path, whether it supersedes earlier runs, the payout date it is
 * reconciled as of (default: its last booking date), the grace days of payments not yet settled and the partitions
 * its lines are classified in (1: in this process alone).
 */
public record ReconciliationRequest(String provider, InputFile.Identified input, boolean supersede,
                                    Optional<LocalDate> payoutDate, int graceDays, int partitions) implements JobRequest {

    /** Classified in this process alone. */
    public ReconciliationRequest(String provider, InputFile.Identified input, boolean supersede,
                                 Optional<LocalDate> payoutDate, int graceDays) {
        this(provider, input, supersede, payoutDate, graceDays, 1);
    }

    @Override
    public String job() {
        return ReconciliationJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        return List.of(
                JobParameter.identifying(ReconciliationJobConfiguration.PROVIDER, provider.toLowerCase(Locale.ROOT)),
                JobParameter.identifying(ReconciliationJobConfiguration.SHA256, input.sha256()),
                JobParameter.describing(ReconciliationJobConfiguration.FILE, input.file().toString()),
                JobParameter.describing(ReconciliationJobConfiguration.SUPERSEDE, Boolean.toString(supersede)),
                JobParameter.describing(ReconciliationJobConfiguration.PAYOUT_DATE,
                        payoutDate.map(LocalDate::toString).orElse("")),
                JobParameter.describing(ReconciliationJobConfiguration.GRACE_DAYS, Integer.toString(graceDays)),
                JobParameter.describing(JobParameter.PARTITIONS, Integer.toString(partitions)));
    }
}
