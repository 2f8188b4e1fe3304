package com.bazaar.cli;

import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-pressure (docs/failure_scenarios.md, "Database slow under order intake"): while the database makes order
 * placements wait (here a transaction holds an EXCLUSIVE lock on {@code stock}, as a long migration or a runaway
 * report would), order-intake pauses instead of taking more requests - they wait in Kafka - and once the database is
 * quick again it takes them by itself: every request placed exactly once and answered PLACED.
 */
class ASlowDatabasePausesOrderIntakeAndLosesNothingTest {

    private static final Duration SLOW_ABOVE = Duration.ofMillis(300);
    private static final Duration PAUSE_FOR = Duration.ofSeconds(2);
    private static final int REQUESTS = 30;

    @TempDir
    Path home;
    private Worker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void orderIntakePausesWhileTheDatabaseIsSlowAndCatchesUpAfter() throws Exception {
        TestBazaar bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100_000);
        bazaar.user("alice", Role.OPERATOR, null);
        var workerActor = bazaar.authenticate(bazaar.user("intake", Role.OPERATOR, null));
        Topics topics = new Topics(TestKafka.unique("pressure"));
        var registry = new SimpleMeterRegistry();
        var settings = Worker.Settings.of(TestKafka.bootstrapServers()).withGroupPrefix(topics.groupPrefix())
                .withBackPressure(SLOW_ABOVE, PAUSE_FOR);
        worker = WorkerRuntime.start(bazaar.services, workerActor, topics, Set.of(OrderIntake.NAME), settings,
                new ConsumerMetrics(registry));

        try (var storefront = new KafkaProducer<String, String>(Worker.producerConfig(TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            send(storefront, topics, 0, 10);
            Eventually.within(Duration.ofSeconds(60), "the first requests placed", () -> placed(bazaar) == 10);
            // (the very first requests of a cold JVM may be slow enough to pause it once: it goes on by itself)
            Eventually.within(Duration.ofSeconds(20), "order-intake running while requests are quick",
                    () -> !worker.paused(OrderIntake.NAME));

            long placedBefore;
            try (Connection blocker = bazaar.db.adminDataSource().getConnection()) {
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("LOCK TABLE stock IN EXCLUSIVE MODE");
                placedBefore = placed(bazaar);
                send(storefront, topics, 10, REQUESTS);
                Eventually.within(Duration.ofSeconds(20), "order-intake paused while the database makes it wait",
                        () -> worker.paused(OrderIntake.NAME));
                assertThat(gauge(registry)).isEqualTo(1.0);
                assertThat(placed(bazaar)).as("nothing placed while the lock is held").isEqualTo(placedBefore);
                blocker.rollback();
            }

            Eventually.within(Duration.ofSeconds(60), "every request placed after the database is quick again",
                    () -> placed(bazaar) == REQUESTS);
            Eventually.within(Duration.ofSeconds(30), "order-intake goes on by itself",
                    () -> !worker.paused(OrderIntake.NAME));
            assertThat(gauge(registry)).isEqualTo(0.0);
            StorefrontRequests.assertEachPlacedOnceAndAnswered(bazaar.jdbc, TestKafka.bootstrapServers(), topics,
                    REQUESTS, Duration.ofSeconds(60));
        }
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM dead_letters").query(Long.class).single()).isZero();
    }

    private static void send(KafkaProducer<String, String> storefront, Topics topics, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            storefront.send(StorefrontRequests.request(topics, "q-" + i, "b-" + i, "[{\"sku\":\"MUG\",\"quantity\":1}]"))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static long placed(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT count(*) FROM orders WHERE idempotency_key LIKE 'q-%'").query(Long.class)
                .single();
    }

    private static double gauge(SimpleMeterRegistry registry) {
        var gauge = registry.find("bazaar_consumer_paused").tag("consumer", OrderIntake.NAME).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
