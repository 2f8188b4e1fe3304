package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rate limit is shared by every process of an installation (docs/rate_limits.md): 16 packaged {@code bazaar order
 * place} commands for one buyer, started at once with {@code BAZAAR_LIMITS_ORDER_PER_BUYER=5/h}, place exactly 5
 * orders; the 11 others exit 7 with "busy or limited ... retry after N s" and change nothing. A malformed rate is a
 * usage error (exit 2) naming the setting. About 30 s on a two-core machine (16 JVMs).
 */
class ARateLimitHoldsAcrossSixteenProcessesIT {

    private static final int PROCESSES = 16;

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
    void sixteenProcessesForOneBuyerPlaceExactlyTheBucketsFive() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io")).jvm("-XX:TieredStopAtLevel=1");
        String token = bazaar.initWithAcme();
        for (String[] args : new String[][]{
                {"product", "create", "--seller", "ACME", "--sku", "MUG", "--title", "Mug", "--price", "12.99"},
                {"product", "activate", "--seller", "ACME", "--sku", "MUG"},
                {"inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "100", "--reason", "r"}}) {
            var done = bazaar.run(token, args);
            assertThat(done.exitCode()).as(done.toString()).isZero();
        }
        // 16 JVMs starting at once on two cores: connecting may take longer than the 5 s default
        Map<String, String> limited = Map.of("BAZAAR_LIMITS_ORDER_PER_BUYER", "5/h", "BAZAAR_DB_CONNECT_TIMEOUT", "60s");

        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(bazaar.start(limited, token, "order", "place", "--idempotency-key", "flood-" + i,
                    "--buyer", "flooder", "--seller", "ACME", "--line", "MUG:1"));
        }
        List<BazaarProcess.Result> results = new ArrayList<>();
        for (Process process : processes) {
            results.add(bazaar.await(process));
        }
        assertThat(results).filteredOn(r -> r.exitCode() == ExitCode.OK).as(results.toString()).hasSize(5);
        assertThat(results).filteredOn(r -> r.exitCode() != ExitCode.OK).hasSize(PROCESSES - 5).allSatisfy(r -> {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BUSY);
            assertThat(r.err()).containsPattern("busy or limited: too many requests for order.per-buyer of flooder;"
                    + " retry after [0-9]+ s").doesNotContain("\tat ");
        });
        try (Connection c = bazaar.database()) {
            assertThat(BazaarProcess.count(c, "SELECT count(*) FROM orders WHERE buyer = 'flooder'")).isEqualTo(5);
            assertThat(BazaarProcess.count(c, "SELECT reserved FROM stock s JOIN products p ON p.id = s.product_id"
                    + " WHERE p.sku = 'MUG'")).isEqualTo(5);
        }

        var malformed = bazaar.await(bazaar.start(Map.of("BAZAAR_LIMITS_ORDER_PER_BUYER", "ten a minute"), token,
                "order", "place", "--idempotency-key", "bad-1", "--buyer", "b", "--seller", "ACME", "--line", "MUG:1"));
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(malformed.err()).contains("limits.order.per-buyer", "N/min", "environment");
    }
}
