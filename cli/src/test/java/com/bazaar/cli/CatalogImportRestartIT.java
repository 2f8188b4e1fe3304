package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog import killed with kill -9 in the middle of staging is recovered by 'bazaar job restart': the stale
 * execution is marked failed, the job resumes from its last committed chunk, and every row ends up in the catalog
 * exactly once.
 */
class CatalogImportRestartIT {

    private static final int ROWS = 300_000;

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

    @Test
    void aKilledImportRestartsFromItsLastChunkAndAppliesEveryRowOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.initWithAcme();
        Path file = BazaarProcess.catalog(scratch.resolve("big.csv"), ROWS);
        Process victim = bazaar.start(token, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        try (Connection c = database()) {
            BazaarProcess.awaitCount(c, "SELECT count(*) FROM catalog_import_lines", 30_000, victim);
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(count(c, "SELECT count(*) FROM catalog_import_lines")).isLessThan(ROWS);
            assertThat(count(c, "SELECT count(*) FROM products")).isZero();
        }
        var list = bazaar.run(token, "job", "list");
        assertThat(list.out()).contains("STARTED");

        var restart = bazaar.run(token, "job", "restart", "1");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("was left running by a process that is gone")
                .containsPattern("created:\\s+" + ROWS);

        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM products")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(DISTINCT sku) FROM products")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM catalog_import_lines")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM stock")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
        }
        var again = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already processed");
    }
}
