package com.bazaar.batch.jobs;

import com.bazaar.batch.audit.AuditExportJobConfiguration;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Export the audit trail of the days [first, last] (UTC, both included) to a file. Every parameter identifies: the
 * same range, format and file is one export.
 */
public record AuditExportRequest(LocalDate first, LocalDate last, String format, Path out) implements JobRequest {

    @Override
    public String job() {
        return AuditExportJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        return List.of(
                JobParameter.identifying(AuditExportJobConfiguration.FROM,
                        first.atStartOfDay(ZoneOffset.UTC).toInstant().toString()),
                JobParameter.identifying(AuditExportJobConfiguration.TO,
                        last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString()),
                JobParameter.identifying(AuditExportJobConfiguration.FORMAT, format),
                JobParameter.identifying(AuditExportJobConfiguration.OUT, out.toAbsolutePath().toString()));
    }
}
