package com.bazaar.batch.jobs;

import com.bazaar.batch.audit.AuditExportJobConfiguration;
import com.bazaar.batch.refunds.RefundsJobConfiguration;
import com.bazaar.batch.support.ImportOutcome;
import com.bazaar.batch.support.ImportParameters;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.domain.shared.DomainException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a job execution into a {@link JobReport}: the only place that knows the execution-context keys' names. */
final class JobReports {

    /** The steps that read the file, whose read count is the report's rows. */
    private static final List<String> READING_STEPS = List.of("stage", "refund");

    private JobReports() {
    }

    static JobReport of(JobExecution execution) {
        var params = execution.getJobParameters();
        var parameters = new JobReport.Parameters(
                Optional.ofNullable(params.getString(ImportParameters.SELLER)),
                Optional.ofNullable(params.getString(ImportParameters.MODE)),
                Optional.ofNullable(params.getString(ImportParameters.ON_ERROR)),
                Optional.ofNullable(params.getString(ImportParameters.FILE)),
                Optional.ofNullable(params.getString(ImportParameters.ERROR_REPORT)).filter(r -> !r.isBlank()));
        long rows = execution.getStepExecutions().stream().filter(s -> READING_STEPS.contains(s.getStepName()))
                .mapToLong(StepExecution::getReadCount).sum();
        JobStatus status = JobStatus.of(execution.getStatus().name(), execution.getExitStatus().getExitCode());
        // in a rejected run, the step that refused the file shows the run's word for it, not FAILED
        List<StepReport> steps = execution.getStepExecutions().stream().map(s -> new StepReport(s.getStepName(),
                status == JobStatus.REJECTED && s.getStatus() == BatchStatus.FAILED ? JobStatus.REJECTED
                        : JobStatus.valueOf(s.getStatus().name()), s.getReadCount(), s.getWriteCount(),
                s.getSkipCount(), s.getCommitCount(), between(s.getStartTime(), s.getEndTime()))).toList();
        String exitDescription = execution.getExitStatus().getExitDescription();
        if (exitDescription == null || exitDescription.isBlank()) {
            // a job with a flow (refunds, reconciliation: partitioned or not) ends FAILED without its step's reason
            exitDescription = execution.getStepExecutions().stream()
                    .filter(s -> s.getStatus() == BatchStatus.FAILED)
                    .map(s -> s.getExitStatus().getExitDescription()).filter(d -> d != null && !d.isBlank())
                    .findFirst().orElse("");
        }
        // STOPPED: refused by the domain for something outside the file, restartable (RejectedRuns)
        Optional<JobReport.Rejection> rejection = status == JobStatus.REJECTED ? Optional.of(new JobReport.Rejection(
                exitDescription, execution.getStatus() != BatchStatus.STOPPED)) : Optional.empty();
        return new JobReport(execution.getId(), execution.getJobInstance().getInstanceId(),
                execution.getJobInstance().getJobName(), status,
                execution.getExitStatus().getExitCode(), exitDescription, parameters, rows,
                Optional.ofNullable(execution.getStartTime()).map(JobReports::instant), between(execution.getStartTime(), execution.getEndTime()),
                steps, details(execution.getExecutionContext()), problems(execution.getAllFailureExceptions()),
                failure(execution.getAllFailureExceptions(), exitDescription), rejection);
    }

    /**
     * Spring Batch records local date-times in the system's default zone: the instant they name, rounded to
     * microseconds as the job repository (PostgreSQL) keeps it, so a report reads the same before and after it is stored.
     */
    private static Instant instant(LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toInstant().plusNanos(500)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Optional<Duration> between(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
    }

    static JobDetails details(ExecutionContext ctx) {
        if (ctx.containsKey(ImportOutcome.CREATED)) {
            String refusal = ctx.getString(ImportOutcome.REFUSAL, "");
            return new JobDetails.Import(ctx.getLong(ImportOutcome.CREATED), ctx.getLong(ImportOutcome.UPDATED),
                    ctx.getLong(ImportOutcome.UNCHANGED), ctx.getLong(ImportOutcome.REJECTED),
                    Boolean.parseBoolean(ctx.getString(ImportOutcome.APPLIED, "false")),
                    refusal.isBlank() ? Optional.empty() : Optional.of(refusal),
                    lines(ctx.getString(ImportOutcome.CHANGES, "")), lines(ctx.getString(ImportOutcome.WARNINGS, "")),
                    ctx.containsKey(ImportOutcome.FORMAT)
                            ? Optional.of(new JobDetails.Format(ctx.getString(ImportOutcome.FORMAT),
                            ctx.getLong(ImportOutcome.SKIPPED_ROWS, 0L), ctx.getLong(ImportOutcome.GENERATED_SKUS, 0L)))
                            : Optional.empty());
        }
        if (ctx.containsKey(RefundsJobConfiguration.SETTLED_PENDING)) {
            return new JobDetails.Refunds(ctx.getLong(RefundsJobConfiguration.WOULD_REFUND, 0),
                    ctx.getLong(RefundsJobConfiguration.SUCCEEDED, 0), ctx.getLong(RefundsJobConfiguration.PENDING, 0),
                    ctx.getLong(RefundsJobConfiguration.FAILED, 0), ctx.getLong(RefundsJobConfiguration.REPLAYED, 0),
                    ctx.getLong(RefundsJobConfiguration.SETTLED_PENDING),
                    ctx.getLong(RefundsJobConfiguration.REJECTED, 0));
        }
        if (ctx.containsKey(AuditExportJobConfiguration.RECORDS)) {
            return new JobDetails.AuditExport(ctx.getLong(AuditExportJobConfiguration.RECORDS),
                    ctx.getLong(AuditExportJobConfiguration.FIRST_SEQ, 0L),
                    ctx.getLong(AuditExportJobConfiguration.LAST_SEQ, 0L),
                    Optional.ofNullable(ctx.containsKey(AuditExportJobConfiguration.SHA256)
                            ? ctx.getString(AuditExportJobConfiguration.SHA256) : null));
        }
        return new JobDetails.None();
    }

    private static List<String> lines(String text) {
        return text.isBlank() ? List.of() : List.of(text.split("\n"));
    }

    /** The failures that are refusals: of the input as a whole ({@link JobRejected}) or by the domain. */
    static List<JobReport.Problem> problems(List<Throwable> failures) {
        List<JobReport.Problem> problems = new ArrayList<>();
        for (Throwable failure : failures) {
            Throwable cause = failure;
            while (cause.getCause() != null && !(cause instanceof JobRejected) && !(cause instanceof DomainException)) {
                cause = cause.getCause();
            }
            if (cause instanceof JobRejected rejected) {
                problems.add(new JobReport.InputRejected(rejected.getMessage()));
            } else if (cause instanceof DomainException domain) {
                problems.add(new JobReport.Refused(domain));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Why it failed, in one sentence: from the first failure of this run, else (an execution read back from the job
     * repository) the first line of the stored trace without its class name.
     */
    static Optional<String> failure(List<Throwable> failures, String exitDescription) {
        String reason = failures.stream().findFirst().map(JobReports::describe)
                .orElse(exitDescription.lines().findFirst().orElse("")
                        .replaceFirst("^([A-Za-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ", ""));
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }

    /**
     * One sentence for a job's failure: the first message that is not a framework wrapper, plus the root cause when
     * it says more (e.g. "No space left on device"); never a stack trace (those are for --debug).
     */
    static String describe(Throwable failure) {
        String outer = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (outer == null && t.getMessage() != null && !t.getClass().getName().startsWith("org.springframework")) {
                outer = t.getMessage();
            }
        }
        String rootMessage = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (outer == null) {
            outer = rootMessage;
        } else if (!outer.contains(rootMessage)) {
            outer = outer + ": " + rootMessage;
        }
        return outer.lines().findFirst().orElse(outer);
    }
}
