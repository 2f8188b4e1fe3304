package com.bazaar.cli.commands;

import com.bazaar.batch.jobs.JobDetails;
import com.bazaar.batch.jobs.JobReport;
import com.bazaar.batch.jobs.JobStatus;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.PermissionDenied;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The card of a job execution says what to do next for its case: a restart with its exact id when it can continue,
 * never for a file refused for its content (fix the file: a new job); the database checked first when it was lost;
 * rejected rows fixed from the error report; nothing for a clean success.
 */
class JobStatusSaysWhatToDoNextTest {

    private static final long ID = 4711;

    private static JobReport report(JobStatus status, JobDetails details, Optional<String> errorReport,
                                    List<JobReport.Problem> problems, Optional<String> failure,
                                    Optional<JobReport.Rejection> rejection) {
        return new JobReport(ID, 12, "catalog-import", status, status.name(), "",
                new JobReport.Parameters(Optional.of("ACME"), Optional.of("apply"), Optional.of("skip-rows"),
                        Optional.of("/data/c.csv"), errorReport),
                50_000, Optional.empty(), Optional.empty(), List.of(), details, problems, failure, rejection);
    }

    private static String next(JobStatus status, Optional<String> failure) {
        return JobCommand.nextStep(report(status, new JobDetails.None(), Optional.empty(), List.of(), failure,
                Optional.empty())).orElseThrow();
    }

    private static JobDetails.Import imported(long rejected) {
        return new JobDetails.Import(10, 0, 0, rejected, true, Optional.empty(), List.of(), List.of());
    }

    @Test
    void aCleanSuccessNeedsNothing() {
        assertThat(JobCommand.nextStep(report(JobStatus.COMPLETED, imported(0), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty()))).isEmpty();
    }

    @Test
    void rejectedRowsAreFixedFromTheErrorReportOrTheReportIsAskedFor() {
        assertThat(JobCommand.nextStep(report(JobStatus.COMPLETED, imported(3), Optional.of("/tmp/errors.csv"),
                List.of(), Optional.empty(), Optional.empty()))).hasValueSatisfying(s -> assertThat(s)
                .contains("3 rejected row(s) in /tmp/errors.csv").doesNotContain("restart"));
        assertThat(JobCommand.nextStep(report(JobStatus.COMPLETED, imported(3), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty()))).hasValueSatisfying(s -> assertThat(s)
                .contains("--error-report"));
    }

    @Test
    void aFileRefusedForItsContentIsFixedNeverRestarted() {
        var rejected = Optional.of(new JobReport.Rejection("unknown column colour", true));
        assertThat(JobCommand.nextStep(report(JobStatus.REJECTED, new JobDetails.None(), Optional.empty(), List.of(),
                Optional.empty(), rejected))).hasValueSatisfying(s -> assertThat(s)
                .contains("fix the file as the reason says and run it again").doesNotContain("job restart"));
        assertThat(JobCommand.nextStep(report(JobStatus.REJECTED, new JobDetails.None(), Optional.of("/tmp/e.csv"),
                List.of(), Optional.empty(), rejected))).hasValueSatisfying(s -> assertThat(s)
                .contains("error report /tmp/e.csv").doesNotContain("job restart"));
    }

    @Test
    void aRunRefusedForSomethingElseContinuesOnceThatIsGone() {
        var refused = Optional.of(new JobReport.Rejection("the seller is suspended", false));
        assertThat(JobCommand.nextStep(report(JobStatus.REJECTED, new JobDetails.None(), Optional.empty(), List.of(),
                Optional.empty(), refused))).hasValue(
                "once the cause above is gone, run the same command again (or 'bazaar job restart 4711')");
    }

    @Test
    void aRefusalByRoleAsksForTheRightUserAndAConflictForItsResolution() {
        var denied = report(JobStatus.FAILED, new JobDetails.None(), Optional.empty(),
                List.of(new JobReport.Refused(new PermissionDenied("denied", "not your seller"))), Optional.empty(),
                Optional.empty());
        assertThat(JobCommand.nextStep(denied)).hasValueSatisfying(s -> assertThat(s)
                .contains("role").contains("'bazaar job restart 4711'"));
        var conflict = report(JobStatus.FAILED, new JobDetails.None(), Optional.empty(),
                List.of(new JobReport.Refused(new Conflict("changed", "the file changed"))), Optional.empty(),
                Optional.empty());
        assertThat(JobCommand.nextStep(conflict)).hasValueSatisfying(s -> assertThat(s)
                .contains("refusal above is resolved").contains("'bazaar job restart 4711'"));
    }

    @Test
    void aStoppedOrFailedRunRestartsWithItsExactId() {
        assertThat(next(JobStatus.STOPPED, Optional.empty()))
                .isEqualTo("'bazaar job restart 4711' continues it from its last committed chunk");
        assertThat(next(JobStatus.FAILED, Optional.of("No space left on device")))
                .isEqualTo("fix the cause above, then 'bazaar job restart 4711' continues it from its last committed"
                        + " chunk");
        assertThat(next(JobStatus.UNKNOWN, Optional.empty())).contains("'bazaar job restart 4711'");
    }

    @Test
    void aLostDatabaseIsCheckedBeforeTheRestart() {
        for (String lost : List.of("An I/O error occurred while sending to the backend.",
                "This connection has been closed.", "Failed to obtain JDBC Connection")) {
            assertThat(next(JobStatus.FAILED, Optional.of(lost))).as(lost)
                    .startsWith("the database was unreachable: check 'bazaar health'")
                    .contains("'bazaar job restart 4711'");
        }
    }

    @Test
    void oneStillMarkedRunningIsWaitedForOrRestartedWhenItsProcessIsGone() {
        assertThat(next(JobStatus.STARTED, Optional.empty())).contains("'bazaar job stop 4711'")
                .contains("'bazaar job restart 4711'");
    }

    @Test
    void anAbandonedOneIsRunAgainNotRestarted() {
        assertThat(next(JobStatus.ABANDONED, Optional.empty())).doesNotContain("job restart")
                .contains("run the command again");
    }
}
