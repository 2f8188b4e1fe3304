package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.testsupport.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar worker} as an SRE runs it (the command, not its parts): with {@code --only sales --concurrency 2} it
 * runs the sales consumer on two threads on the configured cluster, which applies each relayed order once to the
 * read model of 'report sales';
 * with the global {@code --metrics-file} it rewrites that file every {@code --metrics-every} while it runs, with what
 * it applied and its lag (0 once it caught up), as Prometheus text; {@code --run-for} stops it by itself. A consumer
 * name it does not know is a usage error naming the ones it has.
 */
class TheWorkerCommandAppliesEventsAndWritesItsMetricsTest {

    @TempDir
    Path home;

    @Test
    void runsTheChosenConsumerAppliesEachEventOnceAndWritesItsMetricsWhileItRuns() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 50);
        bazaar.order("w-1", "ACME", "MUG:2");
        bazaar.order("w-2", "ACME", "MUG:1");
        bazaar.order("w-3", "ACME", "MUG:4");
        String prefix = TestKafka.unique("worker-cmd");
        Map<String, String> env = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(), "BAZAAR_KAFKA_TOPIC_PREFIX",
                prefix);
        RelayPasses.untilAllPublished(bazaar, env);
        String sre = bazaar.user("wendy", Role.SRE, null);
        Path file = home.resolve("textfile/worker.prom");

        var unknown = bazaar.cliWithEnv(env, sre, "worker", "--only", "sales,billing");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("billing").contains("order-intake", "sales", "reservations", "dead-letters");
        var tooMany = bazaar.cliWithEnv(env, sre, "worker", "--concurrency", "0");
        assertThat(tooMany.exitCode()).as(tooMany.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(tooMany.err()).contains("--concurrency must be 1 to 64");

        var worker = CompletableFuture.supplyAsync(() -> bazaar.cliWithEnv(env, sre, "--metrics-file",
                file.toString(), "worker", "--only", "sales", "--concurrency", "2", "--metrics-every", "1s",
                "--run-for", "20s"));
        Eventually.within(java.time.Duration.ofSeconds(20), "the worker's file shows the three orders applied and"
                + " no lag", () -> {
            String text = read(file);
            return text.contains("bazaar_consumer_processed_total{consumer=\"sales\",outcome=\"applied\"} 3.0")
                    && text.contains("bazaar_consumer_lag{consumer=\"sales\"} 0.0");
        });
        HealthAndMetricsTest.assertWellFormed(Files.readString(file));

        var run = worker.get(60, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Worker running: sales on " + TestKafka.bootstrapServers() + " for 20 s.",
                "Worker stopped after 20 s.");
        assertThat(bazaar.jdbc.sql("SELECT sum(orders) FROM seller_sales_daily").query(Long.class).single())
                .as("each order counted once").isEqualTo(3);
        assertThat(bazaar.jdbc.sql("SELECT sum(units) FROM seller_sales_daily").query(Long.class).single())
                .isEqualTo(7);
        assertThat(bazaar.jdbc.sql("""
                SELECT count(*) FROM processed_events p JOIN outbox o ON o.id::text = p.event_id
                WHERE p.consumer = 'sales' AND o.event_type = 'OrderPlaced'""").query(Long.class).single())
                .isEqualTo(3);
        assertThat(Files.readString(file)).as("the last version, written as the worker stopped")
                .contains("bazaar_consumer_processed_total{consumer=\"sales\",outcome=\"applied\"} 3.0");
    }

    /** The file as it is now; "" before its first version (it is replaced atomically, never seen half-written). */
    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
