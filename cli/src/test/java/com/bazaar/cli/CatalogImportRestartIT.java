package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog import killed with kill -9 in the middle of staging is recovered by 'bazaar job restart': the stale
 * execution is marked failed, the job resumes from its last committed chunk, and every row ends up in the catalog
 * exactly once. A restart proves it reads the bytes of the job: a file edited after the crash (a price changed, rows
 * appended) or swapped for a symbolic link is refused with exit 6 before anything is staged or applied, and nothing of
 * it is shown; once the file is restored, the restart completes.
 */
class CatalogImportRestartIT {

    private static final int ROWS = 300_000;
    /** Planted in the edited file and in a symbolic link's target: it must appear in no output. */
    private static final String MARKER = "MARKER-c41d-never-shown";

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;

    @AfterAll
    static void stop() throws Exception {
        if (bazaar != null) {
            bazaar.run(null, "db", "stop");
        }
    }

    private static Connection database() throws Exception {
        return bazaar.database();
    }

    private static long count(Connection c, String sql) throws Exception {
        return BazaarProcess.count(c, sql);
    }

    /** Nothing was applied and nothing more was staged by a refused restart. */
    private static void assertUntouched(long staged) throws Exception {
        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM products")).isZero();
            assertThat(count(c, "SELECT catalog_staged_rows()")).isEqualTo(staged);
            assertThat(count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isZero();
        }
    }

    private static String sha256(Path file) throws Exception {
        return com.bazaar.domain.shared.Hashing.sha256Hex(Files.readAllBytes(file));
    }

    @Test
    void aKilledImportRestartsFromItsLastChunkAndAppliesEveryRowOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.initWithAcme();
        Path file = BazaarProcess.catalog(scratch.resolve("big.csv"), ROWS);
        Process victim = bazaar.start(token, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        try (Connection c = database()) {
            BazaarProcess.awaitCount(c, "SELECT catalog_staged_rows()", 30_000, victim);
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(count(c, "SELECT catalog_staged_rows()")).isLessThan(ROWS);
            assertThat(count(c, "SELECT count(*) FROM products")).isZero();
        }
        var list = bazaar.run(token, "job", "list");
        assertThat(list.out()).contains("STARTED");

        // the file changes after the crash: a price edited (in a staged row and in one not yet read), rows appended
        Path original = Files.copy(file, scratch.resolve("big.csv.original"));
        String edited = Files.readString(file).replace("\nSKU-5,Product number 5,105.05,", "\nSKU-5,Product number 5,0.01,")
                .replace("\nSKU-299999,Product number 299999,", "\nSKU-299999,Cheap now,")
                + "APPENDED-1,Appended,1.00,1,Category 0,\"" + MARKER + "\"\n";
        Files.writeString(file, edited);
        long staged;
        try (Connection c = database()) {
            staged = count(c, "SELECT catalog_staged_rows()");
        }
        var refused = bazaar.run(token, "job", "restart", "1");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.err()).contains(file.toRealPath() + " changed since job 1 started: expected sha256 "
                + sha256(original) + ", found " + sha256(file) + "; restore the file or run it as a new job");
        assertUntouched(staged);

        // the file swapped for a symbolic link to another file: refused without following it, nothing of it shown
        Path other = Files.writeString(scratch.resolve("other.csv"), "sku,title,price\n" + MARKER + ",x,1.00\n");
        Files.delete(file);
        Files.createSymbolicLink(file, other);
        var swapped = bazaar.run(token, "job", "restart", "1");
        assertThat(swapped.exitCode()).as(swapped.toString()).isEqualTo(6);
        assertThat(swapped.err()).contains("changed since job 1 started: it is now a symbolic link");
        long latest = Long.parseLong(swapped.out().replaceAll("(?s).*Restarted as job execution (\\d+)\\..*", "$1"));
        for (var shown : List.of(refused, swapped, bazaar.run(token, "job", "list"),
                bazaar.run(token, "job", "status", Long.toString(latest)),
                bazaar.run(token, "job", "status", Long.toString(latest), "--output", "json"))) {
            assertThat(shown.out() + shown.err()).as(shown.toString()).doesNotContain(MARKER)
                    .doesNotContain("Exception");
        }
        assertUntouched(staged);

        Files.delete(file);
        Files.move(original, file);
        var restart = bazaar.run(token, "job", "restart", "1");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(refused.out()).contains("was left running by a process that is gone");
        assertThat(restart.out()).containsPattern("created:\\s+" + ROWS);

        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM products")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(DISTINCT sku) FROM products")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT catalog_staged_rows()")).as("staging dropped once the job completed")
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM stock")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
            assertThat(count(c, "SELECT price_minor FROM products WHERE sku = 'SKU-5'")).isEqualTo(10505);
            assertThat(count(c, "SELECT count(*) FROM products WHERE sku = 'APPENDED-1' OR title = 'Cheap now'"))
                    .isZero();
        }
        var again = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already processed");
    }
}
