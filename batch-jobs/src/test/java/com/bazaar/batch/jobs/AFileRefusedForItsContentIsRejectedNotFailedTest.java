package com.bazaar.batch.jobs;

import com.bazaar.batch.input.InputFile;
import com.bazaar.domain.seller.SellerCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog file refused for its content is a rejected run, not a failed one (ADR 0013), on real PostgreSQL through
 * the facade: stored ABANDONED with the exit code REJECTED and its reason; the same file and options again give the
 * same answer without running (neither "already done" nor a restart into success); a restart is refused; the fixed
 * file (other bytes, another job instance) runs. A failure of the infrastructure - here the error report cannot be
 * written - stays FAILED and restarts once the cause is gone.
 */
class AFileRefusedForItsContentIsRejectedNotFailedTest {

    private static final String GOOD = "sku,title,price\nMUG-01,Blue mug,12.99\nPEN-01,Gel pen,1.50\n";

    @TempDir
    Path dir;
    private JobsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new JobsFixture();
        fixture.seller("ACME");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Launch start(Path file, Mode mode, Optional<Path> report) {
        try (var jobs = fixture.jobs()) {
            return jobs.start(fixture.admin, new CatalogImportRequest(SellerCode.of("ACME"), InputFile.identify(file),
                    mode, "reject-file", report));
        }
    }

    private static JobReport ran(Launch launch) {
        assertThat(launch).isInstanceOf(Launch.Ran.class);
        return ((Launch.Ran) launch).report();
    }

    private String stored(long execution) {
        return fixture.sql.sql("SELECT status || ' ' || exit_code FROM batch_job_execution WHERE job_execution_id = ?")
                .params(execution).query(String.class).single();
    }

    private void assertRejectedForItsInput(JobReport report, String reason) {
        assertThat(report.status()).isEqualTo(JobStatus.REJECTED);
        assertThat(report.rejection()).hasValueSatisfying(r -> {
            assertThat(r.forItsInput()).isTrue();
            assertThat(r.reason()).contains(reason);
        });
        assertThat(stored(report.execution())).isEqualTo("ABANDONED REJECTED");
    }

    @Test
    void anUnknownHeaderIsRejectedAndTheSameFileGetsTheSameAnswerAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("c.csv"), "sku,title,price,colour\nMUG-01,Blue mug,12.99,blue\n");
        var first = ran(start(file, Mode.APPLY, Optional.empty()));
        assertRejectedForItsInput(first, "unknown column colour");
        assertThat(first.problem()).get().isInstanceOf(JobReport.InputRejected.class);
        assertThat(first.steps()).extracting(StepReport::status).containsExactly(JobStatus.REJECTED);

        var again = start(file, Mode.APPLY, Optional.empty());
        assertThat(again).isInstanceOf(Launch.AlreadyComplete.class);
        var earlier = ((Launch.AlreadyComplete) again).report();
        assertThat(earlier.execution()).isEqualTo(first.execution());
        assertRejectedForItsInput(earlier, "unknown column colour");
        assertThat(fixture.count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM products")).isZero();
    }

    @Test
    void aBadRowUnderRejectFileIsRejectedUntilTheFileIsFixed() throws Exception {
        Path file = Files.writeString(dir.resolve("c.csv"), GOOD + "CUP-01,Espresso cup,3.009\n");
        var rejected = ran(start(file, Mode.APPLY, Optional.empty()));
        assertRejectedForItsInput(rejected, "1 row(s) failed and --on-error is reject-file: nothing was applied");
        assertThat(((JobDetails.Import) rejected.details()).applied()).isFalse();

        List<RestartOutcome.Repair> repairs = new ArrayList<>();
        try (var jobs = fixture.jobs()) {
            var restart = jobs.restart(fixture.admin, rejected.execution(), repairs::add);
            assertThat(restart).isInstanceOf(RestartOutcome.Rejected.class);
            assertThat(((RestartOutcome.Rejected) restart).report().execution()).isEqualTo(rejected.execution());
        }
        var again = start(file, Mode.APPLY, Optional.empty());
        assertThat(again).isInstanceOf(Launch.AlreadyComplete.class);
        assertRejectedForItsInput(((Launch.AlreadyComplete) again).report(), "reject-file");
        assertThat(fixture.count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM products")).isZero();

        Files.writeString(file, GOOD + "CUP-01,Espresso cup,3.00\n");
        var fixed = ran(start(file, Mode.APPLY, Optional.empty()));
        assertThat(fixed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(fixed.instance()).isNotEqualTo(rejected.instance());
        assertThat(stored(fixed.execution())).isEqualTo("COMPLETED COMPLETED");
        assertThat(fixture.count("SELECT count(*) FROM products")).isEqualTo(3);
    }

    @Test
    void anInfrastructureFailureStaysFailedAndRestartsOnceTheCauseIsGone() throws Exception {
        Path file = Files.writeString(dir.resolve("c.csv"), GOOD);
        Path report = Files.createDirectory(dir.resolve("report.csv")); // not a file: the report cannot be written
        var failed = ran(start(file, Mode.APPLY, Optional.of(report)));
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.rejection()).isEmpty();
        assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).contains("cannot write the error report"));
        assertThat(stored(failed.execution())).isEqualTo("FAILED FAILED");

        Files.delete(report);
        try (var jobs = fixture.jobs()) {
            var restart = jobs.restart(fixture.admin, failed.execution(), repair -> { });
            assertThat(((RestartOutcome.Restarted) restart).report().status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(Files.isRegularFile(report)).isTrue();
    }
}
