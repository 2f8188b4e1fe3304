package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 'bazaar job stop' from another process stops a running import at a chunk boundary: the run ends, the execution is
 * STOPPED with part of the file staged and nothing applied, and 'bazaar job restart' finishes it with every row
 * applied exactly once.
 */
class JobStopIT {

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

    @Test
    void aStoppedImportStopsAtAChunkBoundaryAndItsRestartAppliesEveryRowOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.run(null, "init").lastLine();
        assertThat(bazaar.run(token, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD")
                .exitCode()).isZero();
        Path file = scratch.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("sku,title,price,quantity,category,description\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("SKU-" + i + ",Product number " + i + "," + (100 + i % 900) + ".00," + (i % 50)
                        + ",Category " + (i % 20) + ",\n");
            }
        }
        Process running = bazaar.start(token, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        try (Connection c = bazaar.database()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (BazaarProcess.count(c, "SELECT count(*) FROM catalog_import_lines") < 30_000) {
                assertThat(running.isAlive()).as("the import ended before it could be stopped").isTrue();
                assertThat(System.nanoTime()).as("staging never reached 30000 rows").isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        var stop = bazaar.run(token, "job", "stop", "1");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("Asked job execution 1 to stop");

        var stopped = bazaar.await(running);
        assertThat(stopped.exitCode()).as(stopped.toString()).isNotZero();
        var status = bazaar.run(token, "job", "status", "1");
        assertThat(status.out()).as(status + "\n--- the stopped run ---\n" + stopped).contains("STOPPED");
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM catalog_import_lines")).isLessThan(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).isZero();
        }

        var restart = bazaar.run(token, "job", "restart", "1");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).containsPattern("created:\\s+" + ROWS);
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).isEqualTo(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM catalog_import_lines")).isEqualTo(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'"))
                    .isEqualTo(1);
        }
    }
}
