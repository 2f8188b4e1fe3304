package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database drops every connection of a running catalog import (pg_terminate_backend, what a failover or a
 * restarted server does): the job fails cleanly with one sentence, nothing is half-applied, and 'bazaar job restart'
 * finishes it with every row applied exactly once.
 */
class DatabaseConnectionLossIT {

    private static final int ROWS = 400_000; // long enough to still run after two concurrent commands on a busy machine

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
    void anImportWhoseConnectionsAreKilledFailsCleanlyAndRestartsToExactlyOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.initWithAcme();
        Path file = BazaarProcess.catalog(scratch.resolve("big.csv"), ROWS);
        Process victim = bazaar.importStaging(token, file, 10_000);
        // while it runs, nobody can restart it or run it a second time: the run lease is held by its process
        var concurrentRestart = bazaar.run(token, "job", "restart", "1");
        assertThat(concurrentRestart.exitCode()).as(concurrentRestart.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(concurrentRestart.err()).contains("still running in another process");
        var concurrentRun = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        assertThat(concurrentRun.exitCode()).as(concurrentRun.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(victim.isAlive()).as("the import should still be running; make the file larger").isTrue();
        long killed;
        // as the commands' own role: PostgreSQL lets a role end its own sessions (the owner may not end them)
        try (Connection c = bazaar.databaseAsApplication()) {
            killed = count(c, """
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                      AND usename = current_user""");
        }
        assertThat(killed).as("connections of the running import").isPositive();
        var failed = bazaar.await(victim);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILURE);
        var lines = failed.errWithoutProgress().lines().filter(l -> !l.isBlank() && !l.startsWith("bazaar: preparing"))
                .toList();
        assertThat(lines).as(failed.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: ").doesNotContain("\tat ");
        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM products")).as("nothing half-applied").isZero();
            assertThat(count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isZero();
        }

        Matcher execution = Pattern.compile("job (\\d+)").matcher(lines.get(0));
        String id = execution.find() ? execution.group(1) : "1";
        var restart = bazaar.runBig(token, "job", "restart", id);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).containsPattern("created:\\s+" + ROWS);
        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM products")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(DISTINCT sku) FROM products")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM stock")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
        }
        var again = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already processed");
    }
}
