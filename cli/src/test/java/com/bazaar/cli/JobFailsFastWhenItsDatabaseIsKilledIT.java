package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL is killed with kill -9 (server and backends) while a catalog import stages its file: the
 * command does not hang - it ends within seconds (one connect timeout, db.connect-timeout) with one sentence that
 * names the job and what to do, exit 1, no stack trace. The database cannot record the failure, so the execution stays
 * STARTED; once the next command has started the server again, 'job status' says so, a second 'job run' is refused,
 * and 'job restart' marks it FAILED and completes it, every row applied exactly once.
 */
class JobFailsFastWhenItsDatabaseIsKilledIT {

    private static final int ROWS = 400_000; // staging takes ~20 s here: the job is surely still running when killed

    /**
     * A bound on hanging, not a benchmark: the command needs about one connect timeout (5 s) after the kill; before the
     * fix it took 90-120 s (a 30 s pool wait per write Spring Batch attempts).
     */
    private static final long HANG_GUARD_SECONDS = 45;

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
    void aJobWhoseDatabaseServerIsKilledFailsWithinSecondsAndRestartsToExactlyOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.initWithAcme();
        Path file = BazaarProcess.catalog(scratch.resolve("big.csv"), ROWS);
        Process victim = bazaar.importStaging(token, file, 10_000);
        assertThat(bazaar.killDatabaseServer()).as("the postmaster and the job's backends").isGreaterThan(1);
        long killedAt = System.nanoTime();
        boolean ended = victim.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
        if (!ended) {
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ended).as("the job hangs: still running " + HANG_GUARD_SECONDS + " s after its database was killed"
                + " (stderr so far: " + bazaar.errorsSoFar(victim) + ")").isTrue();
        System.out.println("the job ended " + seconds + " s after its database was killed");

        var failed = bazaar.await(victim);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILURE);
        var lines = failed.errWithoutProgress().lines().filter(l -> !l.isBlank() && !l.startsWith("bazaar: preparing"))
                .toList();
        assertThat(lines).as(failed.err()).hasSize(1);
        assertThat(failed.err()).doesNotContain("\tat ");
        Matcher running = Pattern.compile("while running job (\\d+) ").matcher(lines.get(0));
        assertThat(running.find()).as(lines.get(0)).isTrue();
        String id = running.group(1);
        assertThat(lines.get(0)).startsWith("error: lost the connection to the database (embedded PostgreSQL in ")
                .contains("the database shows it STARTED", "'bazaar job restart " + id + "'");

        // the next command starts the server again; the execution is as the dead database last recorded it
        var status = bazaar.run(token, "job", "status", id);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("status:\\s+STARTED");
        assertThat(status.err()).contains("note: job " + id + " is STARTED", "'bazaar job restart " + id + "'");
        var again = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.CONFLICT);
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).as("nothing half-applied").isZero();
        }

        var restart = bazaar.runBig(token, "job", "restart", id);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("Job execution " + id + " was left running by a process that is gone;"
                + " marked it FAILED.").containsPattern("created:\\s+" + ROWS);
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).isEqualTo(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(DISTINCT sku) FROM products")).isEqualTo(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM stock")).isEqualTo(ROWS);
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'"))
                    .isEqualTo(1);
        }
        var done = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        assertThat(done.exitCode()).as(done.toString()).isZero();
        assertThat(done.out()).contains("already processed");
    }
}
