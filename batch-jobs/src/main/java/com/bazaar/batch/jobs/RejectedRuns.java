package com.bazaar.batch.jobs;

import com.bazaar.batch.support.JobRejected;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Records a refused run as rejected instead of failed (ADR 0013), before the job repository stores how it ended, so
 * FAILED is left to infrastructure (the database, the disk, a bug) and only FAILED pages someone:
 * <ul>
 *   <li>the file itself refused - a step threw {@link JobRejected} (its header, a chunk too large), or the deciding
 *       step ended with the exit code {@value JobRejected#EXIT_CODE} (no valid row, the error policy): ABANDONED,
 *       which Spring Batch neither restarts nor runs again for the same parameters, so the same file and options get
 *       this same answer until a fixed file (other bytes: another job instance) is run;</li>
 *   <li>refused by the domain for something outside the file's content (the file changed since the job started,
 *       a suspended seller, a payout already reconciled): STOPPED, which restarts once that changed;</li>
 * </ul>
 * both with the exit code {@value JobRejected#EXIT_CODE} and the reason as its description. A run whose failures
 * include anything else stays FAILED.
 */
final class RejectedRuns implements JobExecutionListener {

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.FAILED) {
            List<Throwable> failures = execution.getAllFailureExceptions();
            List<JobReport.Problem> problems = JobReports.problems(failures);
            if (failures.isEmpty() || problems.size() != failures.size()) {
                return;
            }
            boolean byTheDomain = problems.stream().anyMatch(p -> p instanceof JobReport.Refused);
            reject(execution, byTheDomain ? BatchStatus.STOPPED : BatchStatus.ABANDONED, problems.stream()
                    .map(RejectedRuns::reason).distinct().collect(Collectors.joining("; ")));
        } else if (execution.getStatus() == BatchStatus.COMPLETED) {
            refusedByAStep(execution).ifPresent(reason -> reject(execution, BatchStatus.ABANDONED, reason));
        }
    }

    /** The reason a step gave for refusing the file as a whole, if one did. */
    private static Optional<String> refusedByAStep(JobExecution execution) {
        return execution.getStepExecutions().stream().map(StepExecution::getExitStatus)
                .filter(exit -> JobRejected.EXIT_CODE.equals(exit.getExitCode()))
                .map(ExitStatus::getExitDescription).findFirst();
    }

    private static String reason(JobReport.Problem problem) {
        return problem instanceof JobReport.InputRejected rejected ? rejected.message()
                : ((JobReport.Refused) problem).exception().getMessage();
    }

    private static void reject(JobExecution execution, BatchStatus status, String reason) {
        execution.setStatus(status);
        execution.setExitStatus(JobRejected.exitStatus(reason));
    }
}
