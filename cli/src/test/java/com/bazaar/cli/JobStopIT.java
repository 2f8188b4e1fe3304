package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 'bazaar job stop' from another process stops a running import at a chunk boundary: the run ends, the execution is
 * STOPPED with part of the file staged and nothing applied, and 'bazaar job restart' finishes it with every row
 * applied exactly once.
 */
class JobStopIT {

    /**
     * Staging must outlast the start of the 'job stop' process (a JVM: 2-3 s idle, more than 6 s on a loaded CI
     * machine, where 300,000 rows were once all staged before the stop arrived): at ~40,000 rows/s, 500,000 rows
     * stage for ~12 s after the stop is started at 10,000.
     */
    private static final int ROWS = 500_000;

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;

    @AfterAll
    static void stop() throws Exception {
        if (bazaar != null) {
            bazaar.run(null, "db", "stop");
        }
    }

    @Test
    void aStoppedImportStopsAtAChunkBoundaryAndItsRestartAppliesEveryRowOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.initWithAcme();
        Path file = BazaarProcess.catalog(scratch.resolve("big.csv"), ROWS);
        Process running = bazaar.start(token, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        try (Connection c = bazaar.database()) {
            BazaarProcess.awaitCount(c, "SELECT catalog_staged_rows()", 10_000, running);
        }
        var stop = bazaar.run(token, "job", "stop", "1");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("Asked job execution 1 to stop");

        var stopped = bazaar.await(running);
        assertThat(stopped.exitCode()).as(stopped.toString()).isNotZero();
        var status = bazaar.run(token, "job", "status", "1");
        assertThat(status.out()).as(status + "\n--- the stopped run ---\n" + stopped).contains("STOPPED");
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT catalog_staged_rows()")).isLessThan(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).isZero();
        }

        var restart = bazaar.run(token, "job", "restart", "1");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).containsPattern("created:\\s+" + ROWS);
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).isEqualTo(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT catalog_staged_rows()")).as("staging dropped on completion")
                    .isZero();
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'"))
                    .isEqualTo(1);
        }
    }
}
