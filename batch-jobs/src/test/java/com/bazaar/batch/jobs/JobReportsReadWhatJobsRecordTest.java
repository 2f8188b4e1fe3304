package com.bazaar.batch.jobs;

import com.bazaar.batch.support.ImportOutcome;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.domain.shared.Conflict;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.test.MetaDataInstanceFactory;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job execution becomes a typed report: the outcome its last step recorded (per kind of job), the rows of its
 * reading step, its status as the repository has it (STOPPING and UNKNOWN included; a rejected run whatever status
 * it is stored with), and why it failed or was rejected.
 */
class JobReportsReadWhatJobsRecordTest {

    private static org.springframework.batch.core.job.JobExecution execution(String job) {
        var parameters = new JobParametersBuilder().addString("seller", "ACME").addString("mode", "apply")
                .addString("on-error", "skip-rows").addString("file", "/tmp/c.csv", false)
                .addString("error-report", "", false).toJobParameters();
        return MetaDataInstanceFactory.createJobExecution(job, 7L, 11L, parameters);
    }

    @Test
    void anImportReportsItsOutcomeRowsAndParameters() {
        var execution = execution("catalog-import");
        var stage = MetaDataInstanceFactory.createStepExecution(execution, "stage", 1L);
        stage.setReadCount(3);
        var finish = MetaDataInstanceFactory.createStepExecution(execution, "finish", 2L);
        if (execution.getStepExecutions().isEmpty()) {
            execution.addStepExecutions(List.of(stage, finish));
        }
        ImportOutcome.record(execution.getExecutionContext(), 1, 1, 0, 1, false, Optional.of("1 row(s) failed"),
                List.of("create MUG-01", "update PEN-01"), List.of());
        execution.setStatus(BatchStatus.COMPLETED);
        execution.setStartTime(LocalDateTime.of(2026, 11, 25, 10, 0));
        execution.setEndTime(LocalDateTime.of(2026, 11, 25, 10, 0, 2));

        var report = JobReports.of(execution);

        assertThat(report.execution()).isEqualTo(11);
        assertThat(report.instance()).isEqualTo(7);
        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.steps()).extracting(StepReport::step).containsExactly("stage", "finish");
        assertThat(report.parameters()).isEqualTo(new JobReport.Parameters(Optional.of("ACME"), Optional.of("apply"),
                Optional.of("skip-rows"), Optional.of("/tmp/c.csv"), Optional.empty()));
        assertThat(report.details()).isEqualTo(new JobDetails.Import(1, 1, 0, 1, false,
                Optional.of("1 row(s) failed"), List.of("create MUG-01", "update PEN-01"), List.of()));
        assertThat(report.duration()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(2000));
    }

    @Test
    void aCatalogImportReportsTheFormatItsFileWasReadIn() {
        var execution = execution("catalog-import");
        ImportOutcome.record(execution.getExecutionContext(), 2, 0, 0, 0, true, Optional.empty(), List.of(), List.of());
        ImportOutcome.recordFormat(execution.getExecutionContext(), "shopify", 3, 1);
        var details = (JobDetails.Import) JobReports.of(execution).details();
        assertThat(details.format()).contains(new JobDetails.Format("shopify", 3, 1));
        assertThat(details.created()).isEqualTo(2);
    }

    @Test
    void refundsAndAuditExportsReportTheirOwnOutcome() {
        var refunds = execution("refunds");
        var ctx = refunds.getExecutionContext();
        ctx.putLong("refunds.succeeded", 2);
        ctx.putLong("refunds.failed", 0);
        ctx.putLong("refunds.pending", 1);
        ctx.putLong("refunds.replayed", 1);
        ctx.putLong("refunds.would-refund", 0);
        ctx.putLong("refunds.settled-pending", 1);
        ctx.putLong("rejected", 3);
        assertThat(JobReports.of(refunds).details()).isEqualTo(new JobDetails.Refunds(0, 2, 1, 0, 1, 1, 3));

        var export = execution("audit-export");
        export.getExecutionContext().putLong("records", 5);
        export.getExecutionContext().putLong("first_seq", 10);
        export.getExecutionContext().putLong("last_seq", 14);
        export.getExecutionContext().putString("sha256", "ab12");
        assertThat(JobReports.of(export).details()).isEqualTo(new JobDetails.AuditExport(5, 10, 14, Optional.of("ab12")));

        assertThat(JobReports.of(execution("reconciliation")).details()).isEqualTo(new JobDetails.None());
    }

    @Test
    void stoppingIsStillRunningAndUnknownIsNot() {
        var execution = execution("catalog-import");
        execution.setStatus(BatchStatus.STOPPING);
        assertThat(JobReports.of(execution).status()).isEqualTo(JobStatus.STOPPING);
        assertThat(JobStatus.STOPPING.isRunning()).isTrue();
        execution.setStatus(BatchStatus.UNKNOWN);
        assertThat(JobReports.of(execution).status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(JobStatus.UNKNOWN.isRunning()).isFalse();
        for (BatchStatus status : BatchStatus.values()) {
            assertThat(JobStatus.valueOf(status.name()).isRunning()).as(status.name()).isEqualTo(status.isRunning());
        }
    }

    @Test
    void aRejectedRunReadsAsRejectedWhateverStatusItIsStoredWith() {
        var execution = execution("catalog-import");
        execution.setExitStatus(new ExitStatus("REJECTED", "the file has no valid row"));
        execution.setStatus(BatchStatus.ABANDONED);
        assertThat(JobReports.of(execution).status()).isEqualTo(JobStatus.REJECTED);
        assertThat(JobReports.of(execution).rejection())
                .contains(new JobReport.Rejection("the file has no valid row", true));
        execution.setStatus(BatchStatus.STOPPED);
        assertThat(JobReports.of(execution).rejection())
                .contains(new JobReport.Rejection("the file has no valid row", false));
        // an import refused by its error policy before rejected runs had a status: COMPLETED, exit code REFUSED
        execution.setStatus(BatchStatus.COMPLETED);
        execution.setExitStatus(new ExitStatus("REFUSED", "1 row(s) failed"));
        assertThat(JobReports.of(execution).rejection()).contains(new JobReport.Rejection("1 row(s) failed", true));
        // infrastructure, or a repair, wins over the exit code
        for (BatchStatus status : List.of(BatchStatus.FAILED, BatchStatus.UNKNOWN, BatchStatus.STARTED)) {
            execution.setStatus(status);
            assertThat(JobReports.of(execution).status()).isEqualTo(JobStatus.valueOf(status.name()));
            assertThat(JobReports.of(execution).rejection()).isEmpty();
        }
        execution.setStatus(BatchStatus.STOPPED);
        execution.setExitStatus(ExitStatus.STOPPED);
        assertThat(JobReports.of(execution).status()).isEqualTo(JobStatus.STOPPED);
    }

    @Test
    void onlyARunWhoseEveryFailureIsARefusalIsRecordedRejected() {
        var refused = execution("catalog-import");
        refused.setStatus(BatchStatus.FAILED);
        refused.addFailureException(new IllegalStateException("wrapped", new JobRejected("unknown column 'x'")));
        new RejectedRuns().afterJob(refused);
        assertThat(refused.getStatus()).isEqualTo(BatchStatus.ABANDONED);
        assertThat(refused.getExitStatus()).isEqualTo(new ExitStatus("REJECTED", "unknown column 'x'"));

        var byTheDomain = execution("catalog-import");
        byTheDomain.setStatus(BatchStatus.FAILED);
        byTheDomain.addFailureException(new Conflict("FILE_CHANGED", "the file changed"));
        new RejectedRuns().afterJob(byTheDomain);
        assertThat(byTheDomain.getStatus()).isEqualTo(BatchStatus.STOPPED);
        assertThat(byTheDomain.getExitStatus().getExitDescription()).isEqualTo("the file changed");

        var mixed = execution("catalog-import");
        mixed.setStatus(BatchStatus.FAILED);
        mixed.setExitStatus(ExitStatus.FAILED);
        mixed.addFailureException(new JobRejected("unknown column 'x'"));
        mixed.addFailureException(new java.io.UncheckedIOException(new java.io.IOException("No space left on device")));
        new RejectedRuns().afterJob(mixed);
        assertThat(mixed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(mixed.getExitStatus().getExitCode()).isEqualTo("FAILED");

        var decided = execution("catalog-import");
        var finish = MetaDataInstanceFactory.createStepExecution(decided, "finish", 3L);
        finish.setExitStatus(new ExitStatus("REJECTED", "the file has no valid row"));
        if (decided.getStepExecutions().isEmpty()) {
            decided.addStepExecutions(List.of(finish));
        }
        decided.setStatus(BatchStatus.COMPLETED);
        new RejectedRuns().afterJob(decided);
        assertThat(decided.getStatus()).isEqualTo(BatchStatus.ABANDONED);
        assertThat(decided.getExitStatus()).isEqualTo(new ExitStatus("REJECTED", "the file has no valid row"));
    }

    @Test
    void aFailureIsARefusalOrOneSentence() {
        var rejected = execution("catalog-import");
        rejected.setStatus(BatchStatus.FAILED);
        rejected.addFailureException(new IllegalStateException("wrapped", new JobRejected("unknown column 'x'")));
        assertThat(JobReports.of(rejected).problem()).contains(new JobReport.InputRejected("unknown column 'x'"));
        assertThat(JobReports.of(rejected).refusal()).isEmpty();

        var refused = execution("catalog-import");
        var conflict = new Conflict("FILE_CHANGED", "the file changed");
        refused.addFailureException(new RuntimeException(conflict));
        assertThat(JobReports.of(refused).refusal()).containsSame(conflict);

        var broken = execution("catalog-import");
        broken.addFailureException(new org.springframework.dao.DataAccessResourceFailureException("could not write",
                new java.io.IOException("No space left on device")));
        assertThat(JobReports.of(broken).problem()).isEmpty();
        assertThat(JobReports.of(broken).failure()).contains("No space left on device");

        // read back from the repository: no exceptions, only the stored trace
        var stored = execution("catalog-import");
        stored.setExitStatus(ExitStatus.FAILED.addExitDescription(
                "java.lang.IllegalStateException: the disk is full\n\tat x.y.Z.run(Z.java:1)"));
        assertThat(JobReports.of(stored).failure()).contains("the disk is full");
    }
}
