package com.bazaar.batch.jobs;

import com.bazaar.domain.shared.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One job execution as a front end shows it.
 *
 * @param started  when it started, an instant (Spring Batch keeps local date-times in the system's zone)
 * @param rows     rows read by the file-reading step ({@code stage} for imports and syncs, {@code refund} for refunds)
 * @param problems why it failed, when that was a refusal (the input as a whole, or the domain): one per failure
 *                 that was one, in the order they happened
 * @param failure  why it failed otherwise, in one sentence (never a stack trace)
 * @param rejection why it was rejected, when its status is {@link JobStatus#REJECTED}
 */
public record JobReport(long execution, long instance, String job, JobStatus status, String exitCode,
                        String exitDescription, Parameters parameters, long rows, Optional<Instant> started,
                        Optional<Duration> duration, List<StepReport> steps, JobDetails details,
                        List<Problem> problems, Optional<String> failure, Optional<Rejection> rejection) {

    /** The parameters a report shows (each empty when the job has no such parameter). */
    public record Parameters(Optional<String> seller, Optional<String> mode, Optional<String> onError,
                             Optional<String> file, Optional<String> errorReport) {
    }

    /** A failure that is a refusal rather than a breakdown. */
    public sealed interface Problem {
    }

    /** The job's input is unusable as a whole (e.g. an unknown column in its header). */
    public record InputRejected(String message) implements Problem {
    }

    /** The domain refused (permission, validation, a conflict such as a file changed since it was identified). */
    public record Refused(DomainException exception) implements Problem {
    }

    /**
     * Why a run was rejected (ADR 0013).
     *
     * @param forItsInput true when the file itself was refused (its header, no valid row, the error policy): the same
     *                    file and options get the same answer, so the run cannot be restarted into success: the file
     *                    is fixed and run again (a new job). False when the domain refused for something outside the
     *                    file's content (the file changed since the job started, a suspended seller, a payout already
     *                    reconciled): restartable once that changed.
     */
    public record Rejection(String reason, boolean forItsInput) {
    }

    /** The first refusal among its failures, if any. */
    public Optional<Problem> problem() {
        return problems.stream().findFirst();
    }

    /** The first refusal by the domain among its failures, if any. */
    public Optional<DomainException> refusal() {
        return problems.stream().filter(p -> p instanceof Refused).map(p -> ((Refused) p).exception()).findFirst();
    }

    /** The seller the job runs for, if it runs for one (it decides who may see it). */
    public Optional<String> seller() {
        return parameters.seller();
    }
}
