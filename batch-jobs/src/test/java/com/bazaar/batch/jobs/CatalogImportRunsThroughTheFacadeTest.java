package com.bazaar.batch.jobs;

import com.bazaar.batch.input.InputFile;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.Hashing;
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
 * The catalog import job on real PostgreSQL, driven through the jobs facade as the command line drives it: plan
 * changes nothing, apply imports, the same request again is the same (completed) instance and changes nothing, and a
 * run refused because its file changed restarts from where it stopped and completes once.
 */
class CatalogImportRunsThroughTheFacadeTest {

    private static final String CATALOG = "sku,title,price\nMUG-01,Blue mug,12.99\nPEN-01,Gel pen,1.50\n";

    @TempDir
    Path dir;
    private JobsFixture fixture;
    private Jobs jobs;

    @BeforeEach
    void setUp() {
        fixture = new JobsFixture();
        fixture.seller("ACME");
        jobs = fixture.jobs();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private CatalogImportRequest request(Path file, Mode mode) {
        return new CatalogImportRequest(SellerCode.of("ACME"), InputFile.identify(file), mode, "reject-file",
                Optional.empty());
    }

    private static JobReport ran(Launch launch) {
        assertThat(launch).isInstanceOf(Launch.Ran.class);
        return ((Launch.Ran) launch).report();
    }

    @Test
    void planChangesNothingApplyImportsAndTheSameRequestAgainChangesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("catalog.csv"), CATALOG);

        var plan = ran(jobs.start(fixture.admin, request(file, Mode.PLAN)));
        assertThat(plan.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(plan.rows()).isEqualTo(2);
        assertThat(plan.parameters().mode()).contains("plan");
        assertThat(plan.details()).isEqualTo(new JobDetails.Import(2, 0, 0, 0, false, Optional.empty(),
                ((JobDetails.Import) plan.details()).changes(), List.of(),
                Optional.of(new JobDetails.Format("bazaar", 0, 0))));
        assertThat(fixture.count("SELECT count(*) FROM products")).isZero();

        var apply = ran(jobs.start(fixture.admin, request(file, Mode.APPLY)));
        assertThat(apply.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(apply.instance()).isNotEqualTo(plan.instance());
        var applied = (JobDetails.Import) apply.details();
        assertThat(applied.created()).isEqualTo(2);
        assertThat(applied.applied()).isTrue();
        assertThat(fixture.count("SELECT count(*) FROM products")).isEqualTo(2);
        assertThat(fixture.count("SELECT price_minor FROM products WHERE sku = 'MUG-01'")).isEqualTo(1299);

        var again = jobs.start(fixture.admin, request(file, Mode.APPLY));
        assertThat(again).isInstanceOf(Launch.AlreadyComplete.class);
        var earlier = ((Launch.AlreadyComplete) again).report();
        assertThat(earlier.execution()).isEqualTo(apply.execution());
        assertThat(earlier.details()).isEqualTo(apply.details());
        assertThat(fixture.count("SELECT count(*) FROM products")).isEqualTo(2);
        assertThat(fixture.count("SELECT count(*) FROM batch_job_execution")).isEqualTo(2);
        assertThat(fixture.count("SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
    }

    @Test
    void aRunRefusedForAChangedFileRestartsAndCompletesOnce() throws Exception {
        // identified as the catalog, but the file holds other bytes by the time the job reads it: the job refuses -
        // rejected, not failed, and restartable: the file's own bytes were never the problem
        Path file = Files.writeString(dir.resolve("catalog.csv"), CATALOG.replace("12.99", "0.01"));
        var identified = new InputFile.Identified(file.toRealPath(), Hashing.sha256Hex(CATALOG));
        var failed = ran(jobs.start(fixture.admin, new CatalogImportRequest(SellerCode.of("ACME"), identified,
                Mode.APPLY, "reject-file", Optional.empty())));
        assertThat(failed.status()).isEqualTo(JobStatus.REJECTED);
        assertThat(failed.rejection()).hasValueSatisfying(r -> assertThat(r.forItsInput()).isFalse());
        assertThat(failed.problem()).get().isInstanceOf(JobReport.Refused.class);
        assertThat(failed.refusal()).get().isInstanceOf(Conflict.class);
        assertThat(failed.refusal().get().code()).isEqualTo("FILE_CHANGED");
        assertThat(fixture.count("SELECT count(*) FROM products")).isZero();

        // another command's facade cannot restart it while this one holds the instance's run lease
        Files.writeString(file, CATALOG);
        List<RestartOutcome.Repair> repairs = new ArrayList<>();
        var later = fixture.jobs();
        assertThat(later.restart(fixture.admin, failed.execution(), repairs::add))
                .isInstanceOf(RestartOutcome.RunningElsewhere.class);
        assertThat(later.start(fixture.admin, request(file, Mode.APPLY))).isInstanceOf(Launch.RunningElsewhere.class);

        // once the first command has ended (lease released), the restart completes it
        jobs.close();
        var restart = later.restart(fixture.admin, failed.execution(), repairs::add);
        assertThat(repairs).isEmpty();
        assertThat(restart).isInstanceOf(RestartOutcome.Restarted.class);
        var restarted = ((RestartOutcome.Restarted) restart).report();
        assertThat(restarted.instance()).isEqualTo(failed.instance());
        assertThat(restarted.execution()).isNotEqualTo(failed.execution());
        assertThat(restarted.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(fixture.count("SELECT count(*) FROM products")).isEqualTo(2);
        assertThat(fixture.count("SELECT price_minor FROM products WHERE sku = 'MUG-01'")).isEqualTo(1299);

        // completed: nothing to restart, and the same request is the completed instance
        assertThat(later.restart(fixture.admin, restarted.execution(), repairs::add))
                .isInstanceOf(RestartOutcome.AlreadyCompleted.class);
        assertThat(later.start(fixture.admin, request(file, Mode.APPLY))).isInstanceOf(Launch.AlreadyComplete.class);
        assertThat(fixture.count("SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
    }
}
