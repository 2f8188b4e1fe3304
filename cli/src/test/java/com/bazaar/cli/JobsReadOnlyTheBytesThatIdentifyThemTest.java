package com.bazaar.cli;

import com.bazaar.batch.jobs.JobParameter;
import com.bazaar.batch.jobs.JobRequest;
import com.bazaar.batch.jobs.JobStatus;
import com.bazaar.batch.jobs.Launch;
import com.bazaar.cli.wiring.BatchRuntime;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.shared.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every job that reads a file (catalog import, inventory sync, refunds, reconciliation) reads exactly the bytes that
 * identify it, on its first run and on every restart: a file that changed after it was hashed - here between the
 * command's hash and the job's read, the race a careless edit or an attacker wins - is refused with exit 6 naming
 * both checksums, before anything is staged or applied, and nothing of it reaches the output; the run is rejected
 * (refused by the domain, not FAILED: no incident) and stays restartable, so once the file is restored
 * 'bazaar job restart' completes it exactly once. A file swapped for a symbolic link is
 * refused without following it, and what is not a regular file is named for what it is.
 */
class JobsReadOnlyTheBytesThatIdentifyThemTest {

    /** Planted in changed files and link targets: it must appear in no output, ever. */
    private static final String MARKER = "MARKER-7f3a-this-line-must-never-be-shown";

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        admin = bazaar.adminToken();
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content, StandardCharsets.UTF_8).toRealPath();
    }

    /**
     * Launches {@code job} as the command would for a file whose bytes were {@code identified}, while the file now
     * holds other bytes: the job's own check must refuse it. Returns the execution id.
     */
    private long launchAfterTheFileChanged(String job, Parameters parameters) {
        var target = new DatabaseConnector.Target(bazaar.db.jdbcUrl(), bazaar.db.user(), bazaar.db.password(), "test");
        try (var runtime = new BatchRuntime(target, bazaar.clock, new SecureRandomSecrets(), Services.Settings.DEFAULTS,
                TestBazaar.anchoring(home), new PrintWriter(new StringWriter()), false)) {
            // a request no command would build: the checksum of other bytes than the file's
            JobRequest request = new JobRequest() {
                @Override
                public String job() {
                    return job;
                }

                @Override
                public List<JobParameter> parameters() {
                    return parameters.list;
                }
            };
            var launched = runtime.jobs().start(bazaar.admin(), request);
            assertThat(launched).isInstanceOf(Launch.Ran.class);
            var report = ((Launch.Ran) launched).report();
            assertThat(report.status()).isEqualTo(JobStatus.REJECTED);
            assertThat(report.rejection()).hasValueSatisfying(r -> assertThat(r.forItsInput()).isFalse());
            return report.execution();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Job parameters in order, identifying unless said otherwise. */
    private static final class Parameters {
        final List<JobParameter> list = new ArrayList<>();

        Parameters addString(String name, String value) {
            return addString(name, value, true);
        }

        Parameters addString(String name, String value, boolean identifying) {
            list.add(new JobParameter(name, value, identifying));
            return this;
        }
    }

    private static Parameters importParameters(Path file, String identified, String onError) {
        return new Parameters().addString("seller", "ACME").addString("sha256", Hashing.sha256Hex(identified))
                .addString("mode", "apply").addString("on-error", onError)
                .addString("file", file.toString(), false).addString("error-report", "", false);
    }

    private static void assertNothingOfTheFileShown(TestBazaar.Run... runs) {
        for (TestBazaar.Run run : runs) {
            assertThat(run.out() + run.err()).as(run.toString()).doesNotContain(MARKER).doesNotContain("Exception");
        }
    }

    /** The changed file is refused at restart with exit 6 naming both checksums, and its status shows nothing of it. */
    private void assertRefusedAsChanged(long id, Path file, String identified, String found) {
        String sentence = file + " changed since job " + id + " started: expected sha256 "
                + Hashing.sha256Hex(identified) + ", found " + Hashing.sha256Hex(found)
                + "; restore the file or run it as a new job";
        var status = bazaar.cli(admin, "job", "status", Long.toString(id));
        assertThat(status.err()).as(status.toString()).contains(": " + sentence);
        var restart = bazaar.cli(admin, "job", "restart", Long.toString(id));
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(restart.err()).contains("error: " + sentence);
        assertNothingOfTheFileShown(status, restart, bazaar.cli(admin, "job", "list"),
                bazaar.cli(admin, "job", "status", Long.toString(id), "--output", "json"));
    }

    private void restartCompletes(long id) {
        var restart = bazaar.cli(admin, "job", "restart", Long.toString(id));
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
    }

    @Test
    void aCatalogChangedAfterItWasHashedIsRefusedUntilRestoredThenAppliedOnce() throws Exception {
        bazaar.product("ACME", "MUG-01", "10.00", 0);
        String original = "sku,title,price\nMUG-01,Blue mug,12.99\nPEN-01,Gel pen,1.50\n";
        String edited = "sku,title,price\nMUG-01,Blue mug,0.01\nPEN-01,Gel pen,1.50\nAPPENDED-1," + MARKER + ",1.00\n";
        Path file = write("catalog.csv", edited);
        long id = launchAfterTheFileChanged("catalog-import", importParameters(file, original, "reject-file"));
        assertRefusedAsChanged(id, file, original, edited);
        assertThat(count("SELECT price_minor FROM products WHERE sku = 'MUG-01'")).isEqualTo(1000);
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(1);
        assertThat(count("SELECT catalog_staged_rows()")).isZero();

        // swapped for a symbolic link to another file: refused without following it, the target never shown
        Path target = write("someone-elses.csv", "sku,title,price\n" + MARKER + "\n");
        Files.delete(file);
        Files.createSymbolicLink(file, target);
        var swapped = bazaar.cli(admin, "job", "restart", Long.toString(id));
        assertThat(swapped.exitCode()).as(swapped.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(swapped.err()).contains(file + " changed since job " + id + " started: it is now a symbolic link;"
                + " restore the file or run it as a new job");
        assertNothingOfTheFileShown(swapped, bazaar.cli(admin, "job", "status", Long.toString(id)));

        Files.delete(file);
        Files.writeString(file, original);
        restartCompletes(id);
        assertThat(count("SELECT price_minor FROM products WHERE sku = 'MUG-01'")).isEqualTo(1299);
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM products WHERE sku = 'APPENDED-1'")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
        var again = bazaar.cli(admin, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        assertThat(again.out()).as(again.toString()).contains("already processed");
    }

    @Test
    void anInventoryFileChangedAfterItWasHashedIsRefusedUntilRestored() throws Exception {
        bazaar.product("ACME", "A-1", "5.00", 5);
        String original = "sku,on_hand\nA-1,7\n";
        String edited = "sku,on_hand\nA-1,700\n" + MARKER + ",1\n";
        Path file = write("stock.csv", edited);
        long id = launchAfterTheFileChanged("inventory-sync", importParameters(file, original, "skip-rows"));
        assertRefusedAsChanged(id, file, original, edited);
        assertThat(bazaar.stock("on_hand", "A-1")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action LIKE 'inventory.sync%'")).isZero();
        Files.writeString(file, original);
        restartCompletes(id);
        assertThat(bazaar.stock("on_hand", "A-1")).isEqualTo(7);
    }

    @Test
    void aRefundsFileChangedAfterItWasHashedRefundsNothingUntilRestoredThenEachRowOnce() throws Exception {
        bazaar.product("ACME", "TV", "500.00", 5);
        var payment = bazaar.order("tv", "ACME", "TV:1").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), payment);
        bazaar.services.capturePayment().capture(bazaar.admin(), payment);
        String header = "payment_ref,amount,currency,reason,idempotency_key\n";
        String original = header + payment.value() + ",10.00,USD,damaged,k1\n";
        String edited = header + payment.value() + ",400.00,USD,damaged,k1\n" + payment.value() + ",50.00,USD,"
                + MARKER + ",k2\n";
        Path file = write("refunds.csv", edited);
        long id = launchAfterTheFileChanged("refunds", new Parameters()
                .addString("sha256", Hashing.sha256Hex(original)).addString("mode", "apply")
                .addString("file", file.toString(), false).addString("error-report", "", false));
        assertRefusedAsChanged(id, file, original, edited);
        assertThat(count("SELECT count(*) FROM refunds")).isZero();
        Files.writeString(file, original);
        restartCompletes(id);
        assertThat(count("SELECT count(*) FROM refunds")).isEqualTo(1);
        assertThat(count("SELECT refunded_minor FROM payments WHERE id = " + payment.value())).isEqualTo(1000);
    }

    @Test
    void aSettlementFileChangedAfterItWasHashedStagesNothingUntilRestored() throws Exception {
        String header = "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n";
        String original = header + "t1,,FEE,0.00,1.00,-1.00,USD,2026-11-20,po1\n";
        String edited = header + "t1,,FEE,0.00,9.00,-9.00,USD,2026-11-20,po1\n" + MARKER + ",,FEE,0,0,0,USD,2026-11-20,\n";
        Path file = write("settlement.csv", edited);
        long id = launchAfterTheFileChanged("reconciliation", new Parameters()
                .addString("provider", "generic").addString("sha256", Hashing.sha256Hex(original))
                .addString("file", file.toString(), false).addString("supersede", "false", false)
                .addString("payout-date", "", false).addString("grace-days", "2", false));
        assertRefusedAsChanged(id, file, original, edited);
        assertThat(count("SELECT count(*) FROM recon_runs")).isZero();
        assertThat(count("SELECT count(*) FROM settlement_lines")).isZero();
        Files.writeString(file, original);
        restartCompletes(id);
        assertThat(count("SELECT count(*) FROM settlement_lines")).isEqualTo(1);
        assertThat(count("SELECT fee_minor FROM settlement_lines")).isEqualTo(100);
    }

    private TestBazaar.Run run(String command, Path file) {
        return switch (command) {
            case "catalog-import", "inventory-sync" -> bazaar.cli(admin, "job", "run", command, "--seller", "ACME",
                    "--file", file.toString());
            case "refunds" -> bazaar.cli(admin, "job", "run", "refunds", "--file", file.toString());
            default -> bazaar.cli(admin, "recon", "run", "--provider", "generic", "--file", file.toString());
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"catalog-import", "inventory-sync", "refunds", "recon"})
    void whatIsNotARegularFileIsNamedForWhatItIsAndNoJobStarts(String command) throws Exception {
        Path directory = Files.createDirectory(home.resolve("a-directory"));
        var dir = run(command, directory);
        assertThat(dir.exitCode()).as(dir.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(dir.err()).isEqualTo("error: " + directory + " is a directory, not a regular file\n");

        Path fifo = home.resolve("a-pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        var pipe = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(command, fifo),
                "a named pipe must be refused without waiting for a writer");
        assertThat(pipe.exitCode()).as(pipe.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(pipe.err()).isEqualTo("error: " + fifo + " is a named pipe (FIFO), not a regular file\n");

        var device = run(command, Path.of("/dev/null"));
        assertThat(device.exitCode()).as(device.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(device.err()).isEqualTo("error: /dev/null is a character device, not a regular file\n");

        var missing = run(command, home.resolve("nope.csv"));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(count("SELECT count(*) FROM batch_job_execution")).isZero();
    }
}
