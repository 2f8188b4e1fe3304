package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file refused for its content - a header that is not the job's, no valid row, a bad row under reject-file - is a
 * rejected run (ADR 0013), for a catalog import, an inventory sync and a refunds file alike: exit 4, the status
 * REJECTED, counted in {@code bazaar_job_executions_total{status="REJECTED"}} and never in FAILED (which pages the
 * SRE), and its status says to fix the file and run it again, never to restart it; the same file again gives the
 * same answer. A failure of the infrastructure is still FAILED, counted, and restartable. Rows rejected under a policy
 * that applies the others exit 0 with a note, the same way in all three jobs; a plan exits as its apply would.
 */
class SellerMistakesAreNotIncidentsTest {

    private static final Pattern EXECUTION = Pattern.compile("(?m)^execution:\\s+(\\d+)$");

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;
    private String sre;
    private long payment;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "5.00", 10);
        var id = bazaar.order("mug", "ACME", "MUG:1").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
        bazaar.services.capturePayment().capture(bazaar.admin(), id);
        payment = id.value();
        admin = bazaar.adminToken();
        sre = bazaar.user("sam", Role.SRE, null);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content);
    }

    private TestBazaar.Run catalog(Path file, String... extra) {
        return job(List.of("catalog-import", "--seller", "ACME", "--file", file.toString()), extra);
    }

    private TestBazaar.Run inventory(Path file, String... extra) {
        return job(List.of("inventory-sync", "--seller", "ACME", "--file", file.toString()), extra);
    }

    private TestBazaar.Run refunds(Path file, String... extra) {
        return job(List.of("refunds", "--file", file.toString()), extra);
    }

    private TestBazaar.Run job(List<String> what, String... extra) {
        List<String> args = new ArrayList<>(List.of("job", "run"));
        args.addAll(what);
        args.addAll(List.of(extra));
        return bazaar.cli(admin, args.toArray(String[]::new));
    }

    private static long execution(TestBazaar.Run run) {
        Matcher m = EXECUTION.matcher(run.out());
        assertThat(m.find()).as(run.toString()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String metrics() throws Exception {
        Path file = home.resolve("bazaar.prom");
        var health = bazaar.cli(sre, "--metrics-file", file.toString(), "health");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        return Files.readString(file);
    }

    private static String executions(String job, String status, int count) {
        return "bazaar_job_executions_total{job=\"" + job + "\",status=\"" + status + "\"} " + (double) count + "\n";
    }

    /** Exit 4, REJECTED, the status says "fix the file", never "job restart"; the same file and a restart: the same. */
    private void assertRejected(TestBazaar.Run run, String reason, TestBazaar.Run again) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.out()).containsPattern("status:\\s+REJECTED");
        assertThat(run.err()).startsWith("error: ").contains(reason).contains("fix the file and run it again")
                .doesNotContain("job restart");
        long id = execution(run);
        var status = bazaar.cli(admin, "job", "status", Long.toString(id));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("status:\\s+REJECTED").doesNotContain("FAILED");
        assertThat(status.out()).as("the card says what to do: fix the file, never a restart")
                .containsPattern("next step:\\s+fix the (file|rows)").doesNotContain("job restart");
        assertThat(status.err()).contains(reason).contains("fix the file and run it again")
                .doesNotContain("job restart");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(again.out()).contains("This file was already rejected with these options (job execution " + id);
        assertThat(again.err()).contains(reason);
        var restart = bazaar.cli(admin, "job", "restart", Long.toString(id));
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(restart.err()).contains(reason).contains("fix the file and run it again");
    }

    @Test
    void aRejectedCatalogInventoryOrRefundsFileIsNeitherFailedNorCountedAsFailed() throws Exception {
        assertThat(metrics()).as("every job's counters exist from the first scrape")
                .contains(executions("catalog-import", "FAILED", 0), executions("inventory-sync", "FAILED", 0),
                        executions("refunds", "FAILED", 0), executions("catalog-import", "REJECTED", 0));

        Path header = file("header.csv", "sku,title,price,colour\nCUP-01,Cup,3.00,blue\n");
        assertRejected(catalog(header, "--mode", "apply"), "unknown column colour", catalog(header, "--mode", "apply"));
        Path badRow = file("bad-row.csv", "sku,title,price\nCUP-01,Cup,3.009\nCUP-02,Cup,4.00\n");
        assertRejected(catalog(badRow, "--mode", "apply"), "1 row(s) failed and --on-error is reject-file",
                catalog(badRow, "--mode", "apply"));

        Path stockHeader = file("stock-header.csv", "sku,count\nMUG,3\n");
        assertRejected(inventory(stockHeader, "--mode", "apply"), "unknown column count",
                inventory(stockHeader, "--mode", "apply"));
        Path noValidStock = file("no-valid-stock.csv", "sku,on_hand\nNOPE,3\n");
        assertRejected(inventory(noValidStock, "--mode", "apply"), "the file has no valid row",
                inventory(noValidStock, "--mode", "apply"));

        String columns = "payment_ref,amount,currency,reason,idempotency_key\n";
        Path refundsHeader = file("refunds-header.csv", "payment,amount,currency,reason,idempotency_key\n"
                + payment + ",1.00,USD,damaged,k1\n");
        assertRejected(refunds(refundsHeader, "--mode", "apply"), "unknown column 'payment'",
                refunds(refundsHeader, "--mode", "apply"));
        Path noValidRefund = file("no-valid-refund.csv", columns + "999999,1.00,USD,damaged,k2\n"
                + payment + ",1.00,EUR,wrong currency,k3\n");
        assertRejected(refunds(noValidRefund, "--mode", "apply"), "the file has no valid row: 2 row(s) rejected",
                refunds(noValidRefund, "--mode", "apply"));

        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isZero();
        assertThat(bazaar.stock("on_hand", "MUG")).as("the captured order's unit left").isEqualTo(9);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM batch_job_execution WHERE status = 'FAILED'")
                .query(Long.class).single()).isZero();
        var list = bazaar.cli(admin, "job", "list");
        assertThat(list.out()).contains("REJECTED").doesNotContain("FAILED");
        assertThat(metrics()).contains(executions("catalog-import", "REJECTED", 2),
                executions("inventory-sync", "REJECTED", 2), executions("refunds", "REJECTED", 2),
                executions("catalog-import", "FAILED", 0), executions("inventory-sync", "FAILED", 0),
                executions("refunds", "FAILED", 0));

        // fixed (other bytes: a new job), the file runs
        Files.writeString(badRow, "sku,title,price\nCUP-01,Cup,3.00\nCUP-02,Cup,4.00\n");
        var fixed = catalog(badRow, "--mode", "apply");
        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM products WHERE sku LIKE 'CUP-%'").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void anInfrastructureFailureIsStillFailedCountedAndRestartable() throws Exception {
        Path catalog = file("catalog.csv", "sku,title,price\nCUP-01,Cup,3.00\n");
        Path report = Files.createDirectory(home.resolve("report.csv")); // the report cannot be written there
        var run = catalog(catalog, "--mode", "apply", "--error-report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        long id = execution(run);
        var status = bazaar.cli(admin, "job", "status", Long.toString(id));
        assertThat(status.out()).containsPattern("status:\\s+FAILED");
        assertThat(status.out()).as("the card's next step: the restart of this very execution")
                .containsPattern("next step:\\s+fix the cause above, then 'bazaar job restart " + id + "'");
        assertThat(status.err()).contains("cannot write the error report", "'bazaar job restart " + id + "'");
        assertThat(metrics()).contains(executions("catalog-import", "FAILED", 1),
                executions("catalog-import", "REJECTED", 0));

        Files.delete(report);
        var restart = bazaar.cli(admin, "job", "restart", Long.toString(id));
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).containsPattern("status:\\s+COMPLETED");
    }

    @Test
    void rowsRejectedUnderAPolicyThatAppliesTheRestExitZeroWithANoteInEveryJob() throws Exception {
        var catalog = catalog(file("skip.csv", "sku,title,price\nCUP-01,Cup,3.00\nbad sku,Cup,1.00\n"),
                "--mode", "apply", "--on-error", "skip-rows");
        var inventory = inventory(file("stock.csv", "sku,on_hand\nMUG,12\nNOPE,3\n"), "--mode", "apply");
        var refunds = refunds(file("refunds.csv", "payment_ref,amount,currency,reason,idempotency_key\n"
                + payment + ",1.00,USD,damaged,k1\n999999,1.00,USD,damaged,k2\n"), "--mode", "apply");
        for (var run : List.of(catalog, inventory, refunds)) {
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).containsPattern("status:\\s+COMPLETED").containsPattern("rejected:\\s+1");
            assertThat(run.err()).contains("note: 1 row(s) rejected and left out; run the file again with"
                    + " --error-report R to get them");
        }
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(12);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isEqualTo(1);

        // a plan exits as its apply would: refused as a whole (4) or not (0)
        var planRefused = catalog(file("plan.csv", "sku,title,price\nCUP-02,Cup,3.00\nbad sku,Cup,1.00\n"));
        assertThat(planRefused.exitCode()).as(planRefused.toString()).isEqualTo(ExitCode.REJECTED);
        var planStock = inventory(file("plan-stock.csv", "sku,on_hand\nMUG,11\nNOPE,3\n"));
        assertThat(planStock.exitCode()).as(planStock.toString()).isZero();
        var planRefunds = refunds(file("plan-refunds.csv", "payment_ref,amount,currency,reason,idempotency_key\n"
                + "999999,1.00,USD,damaged,k9\n"));
        assertThat(planRefunds.exitCode()).as(planRefunds.toString()).isEqualTo(ExitCode.REJECTED);
    }
}
