package com.bazaar.batch.jobs;

import com.bazaar.batch.input.InputFile;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Hashing;
import com.bazaar.domain.shared.NotFound;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the facade decides around a run, on real PostgreSQL: who sees which job (a seller user only its own seller's,
 * another seller's being exactly a missing one), the stop signal (STOPPING, refused when not running), and the status
 * repairs before a restart (an execution left running by a process that is gone, one that ended UNKNOWN).
 */
class JobAccessAndStatusRepairTest {

    private static final String CATALOG = "sku,title,price\nMUG-01,Blue mug,12.99\n";

    @TempDir
    Path dir;
    private JobsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new JobsFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long plan(String seller) throws Exception {
        Path file = Files.writeString(dir.resolve(seller + ".csv"), CATALOG);
        try (var jobs = fixture.jobs()) {
            var launch = jobs.start(fixture.admin, new CatalogImportRequest(SellerCode.of(seller),
                    InputFile.identify(file), Mode.PLAN, "reject-file", Optional.empty()));
            return ((Launch.Ran) launch).report().execution();
        }
    }

    /**
     * An apply whose file changed after it was identified: refused by the domain (a rejected run, not a failed one),
     * restartable once the file is restored.
     */
    private long failedApply(Path file) throws Exception {
        Files.writeString(file, CATALOG.replace("12.99", "0.01"));
        try (var jobs = fixture.jobs()) {
            var launch = jobs.start(fixture.admin, new CatalogImportRequest(SellerCode.of("ACME"),
                    new InputFile.Identified(file.toRealPath(), Hashing.sha256Hex(CATALOG)), Mode.APPLY,
                    "reject-file", Optional.empty()));
            var report = ((Launch.Ran) launch).report();
            assertThat(report.status()).isEqualTo(JobStatus.REJECTED);
            assertThat(report.rejection()).hasValueSatisfying(r -> assertThat(r.forItsInput()).isFalse());
            return report.execution();
        }
    }

    private void setStatus(long execution, String status) {
        fixture.sql.sql("UPDATE batch_job_execution SET status = ?, end_time = NULL WHERE job_execution_id = ?")
                .params(status, execution).update();
    }

    private String status(long execution) {
        return fixture.sql.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = ?").params(execution)
                .query(String.class).single();
    }

    @Test
    void aSellerUserListsAndSeesOnlyItsOwnSellersJobs() throws Exception {
        var acme = fixture.seller("ACME");
        fixture.seller("BETA");
        long acmeJob = plan("ACME");
        long betaJob = plan("BETA");
        var acmeUser = fixture.sellerUser(acme);
        try (var jobs = fixture.jobs()) {
            var first = com.bazaar.domain.shared.PageRequest.first(20);
            assertThat(jobs.list(fixture.admin, Jobs.ListFilter.NONE, first).items()).extracting(JobReport::execution)
                    .containsExactly(betaJob, acmeJob);
            assertThat(jobs.list(acmeUser, Jobs.ListFilter.NONE, first).items()).extracting(JobReport::execution)
                    .containsExactly(acmeJob);
            // a page of one for the seller's user holds its own job, not the newer one it may not see
            var one = jobs.list(acmeUser, Jobs.ListFilter.NONE, com.bazaar.domain.shared.PageRequest.first(1));
            assertThat(one.items()).extracting(JobReport::execution).containsExactly(acmeJob);
            assertThat(one.next()).isEmpty();
            assertThat(jobs.list(fixture.admin, new Jobs.ListFilter(java.util.Optional.empty(),
                    java.util.Optional.of("BETA"), java.util.Optional.empty()), first).items())
                    .extracting(JobReport::execution).containsExactly(betaJob);
            assertThat(jobs.status(acmeUser, acmeJob).seller()).contains("ACME");

            long denied = fixture.count("SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'");
            var other = org.assertj.core.api.Assertions.catchThrowableOfType(NotFound.class,
                    () -> jobs.status(acmeUser, betaJob));
            var missing = org.assertj.core.api.Assertions.catchThrowableOfType(NotFound.class,
                    () -> jobs.status(acmeUser, 999_999));
            // another seller's job is, to this user, a missing one: the same answer, and the attempt is audited
            assertThat(other.getMessage()).isEqualTo("job execution " + betaJob + " does not exist");
            assertThat(missing.getMessage()).isEqualTo("job execution 999999 does not exist");
            assertThat(fixture.count("SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'"))
                    .isEqualTo(denied + 2);
            assertThat(jobs.status(fixture.admin, betaJob).seller()).contains("BETA");
        }
    }

    @Test
    void stopSetsStoppingOnARunningExecutionAndRefusesOneThatIsNotRunning() throws Exception {
        fixture.seller("ACME");
        long id = plan("ACME");
        try (var jobs = fixture.jobs()) {
            assertThat(jobs.stop(fixture.admin, id)).isEqualTo(new StopOutcome.NotRunning(JobStatus.COMPLETED));
            setStatus(id, "STARTED");
            assertThat(jobs.stop(fixture.admin, id)).isEqualTo(new StopOutcome.Requested());
            assertThat(status(id)).isEqualTo("STOPPING");
            assertThat(jobs.status(fixture.admin, id).status()).isEqualTo(JobStatus.STOPPING);
            assertThat(jobs.stop(fixture.admin, id)).isEqualTo(new StopOutcome.NotRunning(JobStatus.STOPPING));
            assertThatThrownBy(() -> jobs.stop(fixture.admin, 999_999)).isInstanceOf(NotFound.class);
        }
    }

    @Test
    void anExecutionLeftRunningByAGoneProcessIsRecoveredThenRestarted() throws Exception {
        fixture.seller("ACME");
        Path file = dir.resolve("catalog.csv");
        long id = failedApply(file);
        setStatus(id, "STARTED"); // as a kill -9 leaves it: marked running, nobody holds its lease
        Files.writeString(file, CATALOG);
        List<RestartOutcome.Repair> repairs = new ArrayList<>();
        try (var jobs = fixture.jobs()) {
            var restart = jobs.restart(fixture.admin, id, repairs::add);
            assertThat(repairs).hasSize(1).first().isInstanceOf(RestartOutcome.RecoveredFromCrash.class);
            assertThat(((RestartOutcome.RecoveredFromCrash) repairs.get(0)).status().isRunning()).isFalse();
            assertThat(((RestartOutcome.Restarted) restart).report().status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(status(id)).isNotIn("STARTED", "STARTING", "STOPPING");
        assertThat(fixture.count("SELECT price_minor FROM products WHERE sku = 'MUG-01'")).isEqualTo(1299);
    }

    @Test
    void anExecutionThatEndedUnknownIsMarkedFailedThenResumes() throws Exception {
        fixture.seller("ACME");
        Path file = dir.resolve("catalog.csv");
        long id = failedApply(file);
        setStatus(id, "UNKNOWN");
        fixture.sql.sql("UPDATE batch_step_execution SET status = 'UNKNOWN' WHERE job_execution_id = ?").params(id)
                .update();
        Files.writeString(file, CATALOG);
        List<RestartOutcome.Repair> repairs = new ArrayList<>();
        try (var jobs = fixture.jobs()) {
            assertThat(jobs.status(fixture.admin, id).status()).isEqualTo(JobStatus.UNKNOWN);
            var restart = jobs.restart(fixture.admin, id, repairs::add);
            assertThat(repairs).containsExactly(new RestartOutcome.UnknownMarkedFailed());
            var report = ((RestartOutcome.Restarted) restart).report();
            assertThat(report.status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(status(id)).isEqualTo("FAILED");
        assertThat(fixture.count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = " + id
                + " AND status = 'UNKNOWN'")).isZero();
        assertThat(fixture.count("SELECT price_minor FROM products WHERE sku = 'MUG-01'")).isEqualTo(1299);
    }
}
