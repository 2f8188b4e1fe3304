package com.bazaar.cli;

import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.consumers.DeadLetterMirror;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database killed under the relay, the worker and the queue (docs/failure_scenarios.md, "Database down while a
 * worker consumes" and "Embedded PostgreSQL killed"): the embedded PostgreSQL of an installation gets {@code kill -9}
 * (the postmaster and every backend, as an OOM kill would) while the long-running {@code bazaar events relay} and
 * {@code bazaar worker --only order-intake,sales,dead-letters} run as processes and a storefront keeps sending order
 * requests to the queue. The server stays down for a few seconds (the relay's passes fail, the worker's transactions
 * are rolled back and retried, requests wait in Kafka), then the next command ({@code bazaar db status}) starts it
 * again - on another port if the old one is taken - and the relay and the worker follow it by themselves.
 * Afterwards: every request placed exactly one order and was answered PLACED naming it; every outbox event is in its
 * topic, each aggregate's events first seen in the order they happened (a mark lost with the server - the relay marks
 * without waiting for the WAL flush - only sends events again); each sales event applied exactly once and the read
 * model equal to the totals of the orders; no dead letter; the relay and the worker still run. 40 to 70 s on a
 * two-core machine.
 */
class APostgresKilledUnderTheRelayAndTheWorkerLosesNothingIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(150);
    /** How long the database stays down: longer than the relay's poll interval, shorter than the worker's retries. */
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    static Path scratch;
    private static BazaarProcess cli;
    private static Process relay;
    private static Process worker;
    private static Thread storefrontThread;
    private static volatile boolean running = true;

    private final ConcurrentLinkedQueue<Throwable> storefrontFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requested = new AtomicInteger();

    @AfterAll
    static void stopEverything() throws Exception {
        running = false;
        if (storefrontThread != null) {
            storefrontThread.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (Process process : new Process[]{relay, worker}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (cli != null) {
            cli.run(null, "db", "stop");
        }
    }

    @Test
    void theDatabaseKilledUnderTheRelayTheWorkerAndTheQueueLosesNothing() throws Exception {
        long began = System.nanoTime();
        cli = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io")).jvm("-XX:TieredStopAtLevel=1");
        String token = cli.initWithAcme();
        for (String[] args : new String[][]{
                {"product", "create", "--seller", "ACME", "--sku", "MUG", "--title", "Mug", "--price", "12.99"},
                {"product", "activate", "--seller", "ACME", "--sku", "MUG"},
                {"inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "100000", "--reason", "r"},
                {"product", "create", "--seller", "ACME", "--sku", "TEE", "--title", "Tee", "--price", "20.00"},
                {"product", "activate", "--seller", "ACME", "--sku", "TEE"},
                {"inventory", "adjust", "--seller", "ACME", "--sku", "TEE", "--delta", "100000", "--reason", "r"},
                // the storefront's requests are placed as alice
                {"user", "create", "--name", "alice", "--role", "operator"}}) {
            var done = cli.run(token, args);
            assertThat(done.exitCode()).as(done.toString()).isZero();
        }
        String prefix = TestKafka.unique("pg-kill");
        Topics topics = new Topics(prefix);
        String bootstrap = TestKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.orderRequests(), 3, (short) 1),
                    new NewTopic(topics.orderResults(), 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Map<String, String> env = new HashMap<>();
        env.put("BAZAAR_KAFKA", bootstrap);
        env.put("BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
        relay = cli.start(env, token, "events", "relay", "--poll-every", "1s");
        worker = cli.start(env, token, "worker", "--only", String.join(",", OrderIntake.NAME, ProjectSales.CONSUMER,
                DeadLetterMirror.NAME));
        log(began, "relay and worker started");

        try (var storefront = new KafkaProducer<String, String>(Worker.producerConfig(bootstrap),
                new StringSerializer(), new StringSerializer())) {
            storefrontThread = new Thread(() -> {
                try {
                    requestOrders(storefront, topics);
                } catch (RuntimeException | Error e) {
                    storefrontFailures.add(e);
                }
            }, "storefront");
            storefrontThread.setDaemon(true);
            storefrontThread.start();
            awaitOrExplain("the first requests placed, relayed and counted",
                    () -> query(c -> requestOrders(c) >= 10 && salesApplied(c) >= 10));
            log(began, "events flow");

            String portBefore = port();
            int killed = cli.killDatabaseServer();
            int requestedAtKill = requested.get();
            log(began, "database killed (" + killed + " processes)");
            Thread.sleep(OUTAGE.toMillis());
            assertThat(requested.get()).as("the storefront goes on while the database is away")
                    .isGreaterThan(requestedAtKill);
            var status = cli.run(token, "db", "status"); // the next command starts the server again
            assertThat(status.exitCode()).as(status.toString()).isZero();
            log(began, "database started again by 'db status' (port " + portBefore + " before, " + port() + " now)");

            int until = requested.get() + 20;
            awaitOrExplain("requests placed after the restart", () -> query(c -> requestOrders(c) >= until));
            running = false;
            storefrontThread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(storefrontThread.isAlive()).as("the storefront stopped").isFalse();
            assertThat(storefrontFailures).isEmpty();
        }
        log(began, "storefront stopped: " + requested.get() + " requests");

        awaitOrExplain("every request placed", () -> query(c -> requestOrders(c) == requested.get()));
        awaitOrExplain("every event published", () -> query(c -> count(c, "SELECT count(*) FROM outbox"
                + " WHERE published_at IS NULL") == 0));
        awaitOrExplain("the sales consumer caught up", () -> query(c -> salesApplied(c) == salesEvents(c)));
        assertThat(relay.isAlive()).as("the relay runs on").isTrue();
        assertThat(worker.isAlive()).as("the worker runs on").isTrue();
        String relayErrors = cli.errorsSoFar(relay);
        assertThat(relayErrors).as("the relay saw the database go").contains("relay pass failed (retrying)");

        try (Connection c = cli.database()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(c, true));
            long outbox = count(c, "SELECT count(*) FROM outbox");
            log(began, "caught up: " + outbox + " events");

            // every outbox event is in its topic; each aggregate's events first appear in the order they happened
            TestTopics.assertEveryEventInAggregateOrder(jdbc, topics, TestTopics.read(prefix).stream()
                    .filter(r -> !r.topic().equals(topics.orderRequests()) && !r.topic().equals(topics.orderResults())
                            && r.topic().endsWith(".v1")).toList(), "");

            // each sales event applied exactly once, and the read model adds up
            assertThat(count(c, "SELECT count(*) FROM processed_events p JOIN outbox e ON e.id::text = p.event_id"
                    + " WHERE p.consumer = 'sales' AND e.event_type IN ('OrderPlaced', 'OrderCancelled',"
                    + " 'RefundIssued')")).isEqualTo(salesEvents(c));
            assertThat(SalesTotals.readModel(jdbc)).isEqualTo(SalesTotals.ofTheOrders(jdbc)).isNotEmpty();

            // every request: one order, answered PLACED naming it
            StorefrontRequests.assertEachPlacedOnceAndAnswered(jdbc, bootstrap, topics, requested.get(), CATCH_UP);

            assertThat(count(c, "SELECT count(*) FROM dead_letters")).as("no consumer gave up").isZero();
        }

        relay.destroy(); // SIGTERM: the relay gives its lease back and says how much it published
        assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var relayed = cli.await(relay);
        assertThat(relayed.out()).as(relayed.toString()).contains("Stopped; published");
        log(began, "done; the relay while the database was away:\n" + relayErrors.lines()
                .filter(l -> l.contains("relay pass failed")).limit(3).collect(Collectors.joining("\n")));
    }

    /** A storefront sending an order request every 50 ms or so, each until the broker acknowledged it. */
    private void requestOrders(KafkaProducer<String, String> storefront, Topics topics) {
        for (int i = 0; running; i++) {
            String key = "q-" + i;
            String lines = i % 2 == 0 ? "[{\"sku\":\"MUG\",\"quantity\":1}]"
                    : "[{\"sku\":\"MUG\",\"quantity\":2},{\"sku\":\"TEE\",\"quantity\":1}]";
            var record = StorefrontRequests.request(topics, key, "b-" + i, lines);
            try {
                storefront.send(record).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the test broker did not take request " + key, e);
            }
            requested.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits as {@link Eventually} does; when it fails, says what the relay and the worker said. */
    private void awaitOrExplain(String what, java.util.function.BooleanSupplier condition) throws Exception {
        try {
            Eventually.within(CATCH_UP, what, () -> {
                if (!relay.isAlive() || !worker.isAlive()) {
                    throw new AssertionError("the relay or the worker ended");
                }
                return condition.getAsBoolean();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; requested " + requested.get() + ", storefront failed: "
                    + storefrontFailures + "\n--- the relay (" + state(relay) + ") ---\n" + cli.errorsSoFar(relay)
                    + "\n--- the worker (" + state(worker) + ") ---\n" + cli.errorsSoFar(worker), e);
        }
    }

    private static String state(Process process) {
        return process.isAlive() ? "running" : "exited " + process.exitValue();
    }

    /** A question to the database on a connection of its own; false while the server is away. */
    private static boolean query(Function<Connection, Boolean> question) {
        try (Connection c = cli.database()) {
            return question.apply(c);
        } catch (Exception e) {
            return false;
        }
    }

    /** The port the embedded server listens on now (its pid file's fourth line). */
    private static String port() throws Exception {
        return Files.readAllLines(cli.dataDirectory().resolve("postmaster.pid")).get(3).strip();
    }

    private static long requestOrders(Connection c) {
        return count(c, "SELECT count(*) FROM orders WHERE idempotency_key LIKE 'q-%'");
    }

    private static long salesApplied(Connection c) {
        return count(c, "SELECT count(*) FROM processed_events WHERE consumer = 'sales'");
    }

    private static long salesEvents(Connection c) {
        return count(c, "SELECT count(*) FROM outbox WHERE event_type IN ('OrderPlaced', 'OrderCancelled',"
                + " 'RefundIssued')");
    }

    private static long count(Connection c, String sql) {
        try {
            return BazaarProcess.count(c, sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void log(long began, String what) {
        System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
    }
}
