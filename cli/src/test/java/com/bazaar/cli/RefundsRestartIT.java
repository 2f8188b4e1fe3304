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
 * A refunds job killed with kill -9 and restarted, then run again: every row refunded exactly once. A restart after the
 * file was edited (an amount raised, a row appended) is refused with exit 6 and refunds nothing more until the file is
 * restored.
 */
class RefundsRestartIT {

    private static final int ROWS = 2000;

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
    void aKilledRefundsJobRefundsEachRowExactlyOnce() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        String token = bazaar.run(null, "init").lastLine();
        for (String[] args : new String[][]{
                {"seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD"},
                {"product", "create", "--seller", "ACME", "--sku", "CAR", "--title", "Car", "--price", "10000.00"},
                {"product", "activate", "--seller", "ACME", "--sku", "CAR"},
                {"inventory", "adjust", "--seller", "ACME", "--sku", "CAR", "--delta", "1", "--reason", "r"},
                {"order", "place", "--idempotency-key", "o1", "--buyer", "b", "--seller", "ACME", "--line", "CAR:1"},
                {"payment", "authorize", "5001"}, {"payment", "capture", "5001"}}) {
            var r = bazaar.run(token, args);
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        Path file = scratch.resolve("refunds.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("payment_ref,amount,currency,reason,idempotency_key\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("5001,0.01,USD,goodwill,goodwill-" + i + "\n");
            }
        }
        Process victim = bazaar.start(token, "job", "run", "refunds", "--file", file.toString(), "--mode", "apply");
        try (Connection c = database()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(c, "SELECT count(*) FROM refunds") < 200) {
                assertThat(victim.isAlive()).as("the job ended before it could be killed").isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(20);
            }
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(count(c, "SELECT count(*) FROM refunds")).isLessThan(ROWS);
        }
        // after the crash the file is edited: a bigger amount in a row not yet refunded, and a row appended
        Path original = Files.copy(file, scratch.resolve("refunds.csv.original"));
        Files.writeString(file, Files.readString(file).replace("5001,0.01,USD,goodwill,goodwill-" + (ROWS - 1) + "\n",
                "5001,50.00,USD,goodwill,goodwill-" + (ROWS - 1) + "\n")
                + "5001,5000.00,USD,appended,appended-1\n");
        long refunded;
        try (Connection c = database()) {
            refunded = count(c, "SELECT count(*) FROM refunds");
        }
        var refused = bazaar.run(token, "job", "restart", "1");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.err()).contains(file.toRealPath() + " changed since job 1 started: expected sha256 ")
                .doesNotContain("appended");
        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM refunds")).isEqualTo(refunded);
        }
        Files.move(original, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var restart = bazaar.run(token, "job", "restart", "1");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        var again = bazaar.run(token, "job", "run", "refunds", "--file", file.toString(), "--mode", "apply");
        assertThat(again.exitCode()).isZero();
        try (Connection c = database()) {
            assertThat(count(c, "SELECT count(*) FROM refunds")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM refunds WHERE idempotency_key = 'appended-1'"))
                    .isZero();
            assertThat(count(c, "SELECT count(DISTINCT idempotency_key) FROM refunds")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT refunded_minor FROM payments WHERE id = 5001")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT count(*) FROM refunds WHERE status <> 'SUCCEEDED'")).isZero();
            assertThat(count(c, "SELECT count(*) FROM (SELECT transaction_ref FROM ledger_postings GROUP BY"
                    + " transaction_ref, currency HAVING sum(amount_minor) <> 0) x")).isZero();
            assertThat(count(c, "SELECT count(*) FROM ledger_postings WHERE transaction_ref LIKE 'refund:%'"))
                    .isEqualTo(2L * ROWS);
        }
    }
}
