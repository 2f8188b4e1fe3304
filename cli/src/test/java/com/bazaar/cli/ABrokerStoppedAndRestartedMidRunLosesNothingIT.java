package com.bazaar.cli;

import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.DeadLetterMirror;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker stopped and started again mid-run while business goes on (docs/failure_scenarios.md, "Broker restarted
 * under the workers"): nothing is lost and nothing applied twice. A real {@code bazaar kafka} broker (the packaged
 * jar), the long-running {@code bazaar events relay} as a process, and a worker running order intake, the sales read
 * model and the dead-letter mirror; orders are placed through the use cases and requested through the queue the whole
 * time. The broker is stopped the hard way, {@code kill -9} (no controlled shutdown; Kafka recovers its logs), and
 * kept away until a relay pass has failed: the outbox backlog grows and the storefront sends its request in hand again
 * until the broker takes it. {@code kafka start} then brings it back on the same address, its stale pid file removed.
 * Afterwards: every outbox event is in its topic and each aggregate's events first appear in the order they happened;
 * the sales consumer applied each of its events exactly once and its read model equals the totals of the orders;
 * every request placed exactly one order and was answered; no dead letter; the relay and the worker still run. One
 * broker start and one restart: 50 to 75 s on a two-core machine, the outage alone 30 to 50 s.
 */
class ABrokerStoppedAndRestartedMidRunLosesNothingIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @TempDir
    static Path scratch;
    private static BazaarProcess kafka;
    private static long brokerPid;
    private static Process relay;
    private static Worker worker;
    private static Thread[] business = new Thread[0];
    private static volatile boolean running = true;

    private final ConcurrentLinkedQueue<Throwable> businessFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger placed = new AtomicInteger();
    private final AtomicInteger requested = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterAll
    static void stopEverything() throws Exception {
        running = false;
        for (Thread thread : business) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (relay != null && relay.isAlive()) {
            relay.destroyForcibly();
        }
        if (worker != null) {
            worker.close();
        }
        if (kafka != null) {
            kafka.stopBroker(brokerPid);
        }
    }

    @Test
    void theBrokerKilledUnderTheRelayAndTheWorkerAndStartedAgainLosesNothing() throws Exception {
        long began = System.nanoTime();
        TestBazaar bazaar = TestBazaar.initialised(scratch);
        // the installation's home; the client compiler only: these commands start in half the time
        kafka = new BazaarProcess(scratch.resolve("bazaar-home"), scratch.resolve("io")).jvm("-XX:TieredStopAtLevel=1");
        String bootstrap = start("its storage was formatted");
        log(began, "broker started at " + bootstrap);

        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100_000);
        bazaar.product("ACME", "TEE", "20.00", 100_000);
        bazaar.user("alice", Role.OPERATOR, null); // the storefront's requests are placed as alice
        String sreToken = bazaar.user("relay", Role.SRE, null);
        var workerActor = bazaar.authenticate(bazaar.user("order-worker", Role.OPERATOR, null));
        Topics topics = Topics.STANDARD;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // as an operator of a cluster would: several partitions, so keys and partitions are not the same thing
            admin.createTopics(List.of(new NewTopic(topics.events("order"), 3, (short) 1),
                    new NewTopic(topics.orderRequests(), 3, (short) 1), new NewTopic(topics.orderResults(), 1,
                            (short) 1))).all().get(60, TimeUnit.SECONDS);
        }

        Map<String, String> relayEnv = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        relayEnv.put("BAZAAR_KAFKA", bootstrap);
        relay = kafka.start(relayEnv, sreToken, "events", "relay");
        // short first retries, and patience beyond an outage of the broker (order intake publishes its answers)
        var settings = Worker.Settings.of(bootstrap).withGroupPrefix(topics.groupPrefix())
                .withRetries(Duration.ofMillis(200), Duration.ofSeconds(2), 30);
        worker = WorkerRuntime.start(bazaar.services, workerActor, topics, Set.of(OrderIntake.NAME,
                ProjectSales.CONSUMER, DeadLetterMirror.NAME), settings, new ConsumerMetrics(registry));

        try (var storefront = storefront(bootstrap)) {
            business = new Thread[]{
                    businessThread("orders", () -> placeOrders(bazaar)),
                    businessThread("storefront", () -> requestOrders(storefront, topics))};
            for (Thread thread : business) {
                thread.start();
            }
            awaitOrExplain(bazaar, "the first orders through the relay and the worker",
                    () -> salesApplied(bazaar) >= 20 && requestOrders(bazaar) >= 5);
            log(began, "events flow");

            // kill -9: no controlled shutdown, Kafka recovers its logs at the next start; the broker stays away until
            // a relay pass failed (15 s without metadata, or 30 s without an acknowledgement) and is tried again
            long killed = brokerPid;
            long failedPasses = failedRelayPasses();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            Eventually.within(Duration.ofSeconds(30), "the killed broker gone", () -> BazaarProcess.gone(killed));
            log(began, "broker killed");
            int orders = placed.get() + 20;
            awaitOrExplain(bazaar, "business and a failed relay pass while the broker is away",
                    () -> placed.get() >= orders && failedRelayPasses() > failedPasses);
            assertThat(RelayPasses.unpublished(bazaar)).as("the backlog while the broker is away").isPositive();
            assertThat(businessFailures).isEmpty();
            log(began, "a relay pass failed");
            assertThat(start("Removed the stale pid file of pid " + killed)).as("the same bootstrap address")
                    .isEqualTo(bootstrap);
            log(began, "broker started again");

            int until = placed.get() + 10;
            awaitOrExplain(bazaar, "business after the restart", () -> placed.get() >= until);
            running = false;
            for (Thread thread : business) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
            }
            assertThat(businessFailures).as("business went on while the broker was away").isEmpty();
        }
        log(began, "business stopped: " + placed.get() + " orders placed, " + requested.get() + " requested ("
                + resent.get() + " sent again)");

        // the queue's orders first: their events are the last to enter the outbox
        awaitOrExplain(bazaar, "every request placed", () -> requestOrders(bazaar) == requested.get());
        awaitOrExplain(bazaar, "every event published", () -> RelayPasses.unpublished(bazaar) == 0);
        awaitOrExplain(bazaar, "the sales consumer caught up",
                () -> salesApplied(bazaar) == salesEvents(bazaar));
        long outbox = count(bazaar, "SELECT count(*) FROM outbox");
        log(began, "caught up: " + outbox + " events");
        assertThat(relay.isAlive()).as("the relay runs on").isTrue();
        assertThat(worker.running()).as("the worker's consumers run on").isTrue();

        // every outbox event is in its topic; each aggregate's events first appear in the order they happened
        TestTopics.assertEveryEventInAggregateOrder(bazaar.jdbc, topics, eventRecords(bootstrap, topics),
                "; the relay said:\n" + kafka.errorsSoFar(relay));

        // each of the sales consumer's events applied exactly once, and the read model adds up
        assertThat(count(bazaar, "SELECT count(*) FROM processed_events p JOIN outbox e ON e.id::text = p.event_id"
                + " WHERE p.consumer = 'sales' AND e.event_type IN ('OrderPlaced', 'OrderCancelled', 'RefundIssued')"))
                .isEqualTo(salesEvents(bazaar));
        assertThat(counted("sales", "applied")).as("applied once each, repeats counted as duplicates")
                .isEqualTo(salesEvents(bazaar));
        assertThat(SalesTotals.readModel(bazaar)).isEqualTo(SalesTotals.ofTheOrders(bazaar)).isNotEmpty();

        // every request: one order, answered PLACED naming it
        StorefrontRequests.assertEachPlacedOnceAndAnswered(bazaar.jdbc, bootstrap, topics, requested.get(), CATCH_UP);

        assertThat(count(bazaar, "SELECT count(*) FROM dead_letters")).as("no consumer gave up").isZero();
        assertThat(counted("sales", "dead_lettered") + counted(OrderIntake.NAME, "dead_lettered")).isZero();

        relay.destroy(); // SIGTERM: the relay gives its lease back and says how much it published
        assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var relayed = kafka.await(relay);
        assertThat(relayed.out()).as(relayed.toString()).contains("Stopped; published");
        log(began, "done; the relay's errors while the broker was away:\n" + relayed.err().lines()
                .filter(l -> l.contains("relay pass failed")).limit(5).collect(Collectors.joining("\n")));
    }

    /** How many passes the relay said failed so far. */
    private static long failedRelayPasses() {
        try {
            return kafka.errorsSoFar(relay).lines().filter(l -> l.contains("relay pass failed (retrying)")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for {@code condition} as {@link Eventually} does; when it fails, says where everything stands. */
    private void awaitOrExplain(TestBazaar bazaar, String what, java.util.function.BooleanSupplier condition)
            throws Exception {
        try {
            Eventually.within(CATCH_UP, what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; placed " + placed.get() + ", requested " + requested.get()
                    + ", unpublished " + RelayPasses.unpublished(bazaar) + ", sales applied " + salesApplied(bazaar)
                    + " of " + salesEvents(bazaar) + ", requests placed " + requestOrders(bazaar)
                    + ", business failed: " + businessFailures + "\n--- the relay ("
                    + (relay.isAlive() ? "running" : "exited " + relay.exitValue()) + ") ---\n"
                    + kafka.errorsSoFar(relay), e);
        }
    }

    /** {@code kafka start}, which must say {@code mentions}, its pid remembered; the bootstrap address it names. */
    private static String start(String... mentions) throws Exception {
        var start = kafka.run(null, "kafka", "start");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        var started = Pattern.compile("Started the local Kafka broker \\(pid (\\d+)\\) at (127\\.0\\.0\\.1:\\d+)")
                .matcher(start.out());
        assertThat(started.find()).as(start.toString()).isTrue();
        brokerPid = Long.parseLong(started.group(1));
        assertThat(start.out()).as("ports moved").doesNotContain("moved to");
        for (String mention : mentions) {
            assertThat(start.out()).contains(mention);
        }
        return started.group(2);
    }

    /** Places orders through the use case, one every 40 ms or so; every fourth is cancelled at once. */
    private void placeOrders(TestBazaar bazaar) {
        for (int i = 0; running; i++) {
            var order = bazaar.order("o-" + i, "ACME", i % 2 == 0 ? new String[]{"MUG:1"} : new String[]{"MUG:2",
                    "TEE:1"});
            if (i % 4 == 3) {
                bazaar.services.cancelOrder().cancel(bazaar.admin(), new OrderId(order.order().order().id().value()),
                        "changed mind");
            }
            placed.incrementAndGet();
            pause(40);
        }
    }

    /**
     * A storefront sending an order request every 100 ms or so, each until the broker acknowledged it: a send that
     * fails (the broker away) is sent again with the same idempotency key, as a storefront must.
     */
    private void requestOrders(KafkaProducer<String, String> storefront, Topics topics) {
        for (int i = 0; running; i++) {
            String key = "q-" + i;
            var record = StorefrontRequests.request(topics, key, "b-" + i, "[{\"sku\":\"MUG\",\"quantity\":1}]");
            while (!acknowledged(storefront, record)) {
                resent.incrementAndGet();
                pause(200);
            }
            requested.incrementAndGet();
            pause(100);
        }
    }

    private static boolean acknowledged(KafkaProducer<String, String> storefront,
                                        ProducerRecord<String, String> record) {
        try {
            storefront.send(record).get(60, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + record.key(), e);
        }
    }

    private Thread businessThread(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                businessFailures.add(e);
            }
        }, "business-" + name);
        thread.setDaemon(true);
        return thread;
    }

    /** The storefront's client, with the settings of Bazaar's own producers. */
    private static KafkaProducer<String, String> storefront(String bootstrap) {
        return new KafkaProducer<>(Worker.producerConfig(bootstrap), new StringSerializer(), new StringSerializer());
    }

    /** The records of the aggregates' event topics (not the order requests and results). */
    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> eventRecords(
            String bootstrap, Topics topics) throws Exception {
        return TestTopics.read(bootstrap, topics.prefix()).stream()
                .filter(r -> r.topic().endsWith(".v1") && !r.topic().equals(topics.orderRequests())
                        && !r.topic().equals(topics.orderResults())).toList();
    }

    private static long salesEvents(TestBazaar bazaar) {
        return count(bazaar, "SELECT count(*) FROM outbox WHERE event_type IN ('OrderPlaced', 'OrderCancelled',"
                + " 'RefundIssued')");
    }

    private static long salesApplied(TestBazaar bazaar) {
        return count(bazaar, "SELECT count(*) FROM processed_events WHERE consumer = 'sales'");
    }

    private static long requestOrders(TestBazaar bazaar) {
        return count(bazaar, "SELECT count(*) FROM orders WHERE idempotency_key LIKE 'q-%'");
    }

    private static long count(TestBazaar bazaar, String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    private long counted(String consumer, String outcome) {
        var counter = registry.find("bazaar_consumer_processed").tag("consumer", consumer).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** Pacing of the business threads (not synchronisation: nothing waits on it). */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void log(long began, String what) {
        System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
    }
}
