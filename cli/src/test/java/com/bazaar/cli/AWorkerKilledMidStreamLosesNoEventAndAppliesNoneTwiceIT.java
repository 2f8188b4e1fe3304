package com.bazaar.cli;

import com.bazaar.cli.wiring.Services;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.events.consumers.ConsumerLag;
import com.bazaar.events.consumers.Topics;
import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a worker in the middle of its records (docs/failure_scenarios.md, scenario 17): the real
 * {@code bazaar worker --only sales} runs as a process over some thousands of order events and is killed (SIGKILL)
 * once it has applied part of them, between two polls or in the middle of one. A new worker of the same group takes
 * over from the offsets the killed one committed: every sales event is applied exactly once (one
 * {@code processed_events} row each, the read model equal to the totals of the orders), nothing is dead-lettered, and
 * the records the killed worker applied after its last offset commit come again and are counted {@code duplicate}:
 * exactly as many as its committed offsets and its {@code processed_events} rows at the kill say. About 75 s on a
 * two-core machine, 45 of them the next worker waiting for the partitions of the killed one, whose group membership
 * lasts until its session times out (Kafka's default {@code session.timeout.ms}).
 */
class AWorkerKilledMidStreamLosesNoEventAndAppliesNoneTwiceIT {

    /**
     * Orders placed before each attempt to catch the worker: each has an OrderPlaced (and a StockReserved the sales
     * consumer ignores), every 25th an OrderCancelled too: about 1,500 sales events among 3,000 records, 15 or more
     * polls of the worker's 100.
     */
    private static final int ORDERS = 1_500;
    private static final int THREADS = 4;
    private static final int ATTEMPTS = 3;
    private static final List<String> SKUS = List.of("K-0", "K-1", "K-2", "K-3", "K-4", "K-5");
    private static final Set<String> SALES_EVENTS = Set.of("OrderPlaced", "OrderCancelled", "RefundIssued");
    private static final SellerCode ACME = SellerCode.of("ACME");
    private static final String SALES = ProjectSales.CONSUMER;
    private static final int SIGTERM_EXIT = 128 + 15;
    private static final String APPLIED = "SELECT count(*) FROM processed_events WHERE consumer = 'sales'";
    /** The application name of the test's own pooled connections, told apart from the worker's. */
    private static final String TEST_CONNECTIONS = "worker-kill-test";

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private BazaarProcess cli;
    private String prefix;
    private KilledProcesses.PooledServices pooled;
    /** The services over a pool: orders placed in a few threads go faster than unpooled. */
    private Services services;
    private final List<Process> workers = new ArrayList<>();
    private int placed;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        cli = new BazaarProcess(home.resolve("bazaar-home"), home.resolve("scratch"));
        prefix = TestKafka.unique("worker-kill");
        pooled = KilledProcesses.pooled(bazaar, home, TEST_CONNECTIONS, THREADS + 1);
        services = pooled.services();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process worker : workers) {
            if (worker.isAlive()) {
                worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (pooled != null) {
            pooled.close();
        }
    }

    /** What was true once the killed worker and its database sessions were gone. */
    private record Kill(int attempt, Set<Long> applied, Map<TopicPartition, OffsetAndMetadata> committed) {
    }

    @Test
    void theNextWorkerAppliesEveryEventTheKilledOneLeftAndNoneTwice() throws Exception {
        long began = System.nanoTime();
        bazaar.seller("ACME", "USD");
        for (int i = 0; i < SKUS.size(); i++) {
            bazaar.product("ACME", SKUS.get(i), (i + 1) + ".25", 1_000_000);
        }
        String sre = bazaar.user("worker-sre", Role.SRE, null);
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.put("BAZAAR_KAFKA", TestKafka.bootstrapServers());
        env.put("BAZAAR_KAFKA_TOPIC_PREFIX", prefix);

        Kill kill = null;
        for (int attempt = 1; kill == null && attempt <= ATTEMPTS; attempt++) {
            placeOrders();
            RelayPasses.untilAllPublished(bazaar, env);
            log(began, "orders placed and relayed");
            kill = workerKilledMidStream(attempt, env, sre);
        }
        assertThat(kill).as("the worker was never killed with part of its events applied (" + ATTEMPTS
                + " attempts of " + ORDERS + " more orders each)").isNotNull();

        Set<Long> handled = new HashSet<>(handledEvents());
        var salesTopics = WorkerRuntime.topicsByConsumer(new Topics(prefix)).get(SALES);
        // the sales records the next worker reads: those from the killed one's committed offsets on
        long readAgain = 0;
        for (var record : TestTopics.read(prefix)) {
            var at = kill.committed().get(new TopicPartition(record.topic(), record.partition()));
            if (salesTopics.contains(record.topic()) && handled.contains(TestTopics.eventId(record))
                    && (at == null || record.offset() >= at.offset())) {
                readAgain++;
            }
        }
        long toApply = handled.size() - kill.applied().size();
        long duplicates = readAgain - toApply;
        System.out.printf("worker killed on attempt %d with %d of %d sales events applied; the next one reads %d of"
                + " their records again: %d to apply, %d duplicates%n", kill.attempt(), kill.applied().size(),
                handled.size(), readAgain, toApply, duplicates);

        Path metrics = home.resolve("textfile/worker.prom");
        log(began, "killed; the next worker starts");
        Process next = start(env, sre, "--metrics-file", metrics.toString(), "worker", "--only", SALES,
                "--metrics-every", "1s");
        try (var lag = ConsumerLag.connect(TestKafka.bootstrapServers(), Duration.ofSeconds(10))) {
            Eventually.within(Duration.ofSeconds(120), "the next worker applied every sales event", () ->
                    alive(next) && bazaar.jdbc.sql(APPLIED).query(Long.class).single() >= handled.size());
            Eventually.within(Duration.ofSeconds(60), "the next worker committed every offset", () ->
                    alive(next) && lag.of(SALES, new Topics(prefix).groupPrefix() + SALES, salesTopics).records() == 0);
        }
        log(began, "the next worker caught up");
        // its file is rewritten every second; once it shows no lag, it has counted every record it will handle
        Eventually.within(Duration.ofSeconds(30), "the next worker's metrics file shows no lag", () -> alive(next)
                && read(metrics).contains("bazaar_consumer_lag{consumer=\"sales\"} 0.0"));
        String text = read(metrics);
        assertThat(counted(text, "applied")).as("the events the killed worker had not applied: %s", text)
                .isEqualTo(toApply);
        assertThat(counted(text, "duplicate")).as("the records it had applied after its last offset commit: %s", text)
                .isEqualTo(duplicates);
        assertThat(counted(text, "dead_lettered")).as("nothing dead-lettered: %s", text).isZero();

        next.destroy();
        assertThat(next.waitFor(60, TimeUnit.SECONDS)).as("the next worker stopped on SIGTERM").isTrue();
        var stopped = cli.await(next);
        assertThat(stopped.exitCode()).as("stopped by SIGTERM: %s", stopped).isIn(0, SIGTERM_EXIT);

        List<Long> applied = bazaar.jdbc.sql("SELECT event_id::bigint FROM processed_events WHERE consumer = 'sales'"
                + " ORDER BY 1").query(Long.class).list();
        assertThat(applied).as("one processed_events row per sales event in the outbox, none twice")
                .containsExactlyElementsOf(handledEvents());
        assertThat(SalesTotals.readModel(bazaar)).as("the sales read model: the orders not cancelled, each once")
                .isNotEmpty().isEqualTo(SalesTotals.ofTheOrders(bazaar));
        for (String topic : salesTopics) {
            try (var deadLetters = TestTopics.watch(Topics.deadLetters(topic))) {
                assertThat(deadLetters.records()).as("records dead-lettered from %s", topic).isZero();
            }
        }
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM dead_letters").query(Long.class).single()).isZero();
    }

    /** Orders of one or two lines in a few threads; every 25th cancelled (its OrderCancelled changes the read model). */
    private void placeOrders() throws Exception {
        int from = placed;
        var outcomes = Concurrently.run(THREADS, thread -> () -> {
            for (int n = from + thread; n < from + ORDERS; n += THREADS) {
                List<String> lines = new ArrayList<>(List.of(SKUS.get(n % SKUS.size()) + ":" + (1 + n % 3)));
                if (n % 2 == 1) {
                    lines.add(SKUS.get((n + 3) % SKUS.size()) + ":1");
                }
                var order = services.placeOrder().place(new PlaceOrder.Command(bazaar.admin(),
                        new IdempotencyKey("o-" + n), ACME, Buyer.of("buyer-" + n % 97),
                        lines.stream().map(LineRequest::parse).toList()));
                if (n % 25 == 0) {
                    services.cancelOrder().cancel(bazaar.admin(), order.order().order().id(), "changed mind");
                }
            }
            return null;
        });
        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded, "every order placed");
        placed += ORDERS;
    }

    /**
     * Starts {@code bazaar worker --only sales} and SIGKILLs it once it has applied at least a quarter of the events
     * left to it and not all of them. Null when it applied them all before a look saw it in between: the caller
     * places more orders and tries again.
     */
    private Kill workerKilledMidStream(int attempt, Map<String, String> env, String token) throws Exception {
        long total = handledEvents().size();
        try (Connection c = bazaar.db.adminDataSource().getConnection()) {
            long before = BazaarProcess.count(c, APPLIED);
            long enough = before + Math.max(1, (total - before) / 4);
            Process worker = start(env, token, "worker", "--only", SALES);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long seen;
            while (true) {
                if (!worker.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the worker " + (worker.isAlive() ? "applied too little within 120 s"
                            : "exited " + worker.exitValue()) + ": " + cli.errorsSoFar(worker));
                }
                seen = BazaarProcess.count(c, APPLIED);
                if (seen >= enough) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
            KilledProcesses.kill(worker, cli, "the worker");
            // a transaction the worker had open is rolled back when its session ends: count once they are all gone
            KilledProcesses.awaitSessionsEnded(c, pooled, "the killed worker");
            Set<Long> applied = new HashSet<>(bazaar.jdbc.sql("SELECT event_id::bigint FROM processed_events"
                    + " WHERE consumer = 'sales'").query(Long.class).list());
            System.out.printf("attempt %d: %d sales events applied at the last look before the kill, %d once the"
                    + " worker was gone, of %d%n", attempt, seen, applied.size(), total);
            if (seen >= total || applied.size() >= total) {
                return null;
            }
            return new Kill(attempt, applied, committedOffsets());
        }
    }

    private static void log(long began, String what) {
        System.out.printf("%5.1f s: %s%n", (System.nanoTime() - began) / 1e9, what);
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(new Topics(prefix).groupPrefix() + SALES)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Map<String, String> env, String token, String... args) throws Exception {
        Process process = cli.start(env, token, args);
        workers.add(process);
        return process;
    }

    /** True while it runs; a worker that exited fails the test at once, with what it said. */
    private boolean alive(Process worker) {
        if (!worker.isAlive()) {
            String errors;
            try {
                errors = cli.errorsSoFar(worker);
            } catch (java.io.IOException e) {
                errors = e.toString();
            }
            throw new AssertionError("the worker exited " + worker.exitValue() + ": " + errors);
        }
        return true;
    }

    /** The outbox ids of the events the sales consumer applies, in order. */
    private List<Long> handledEvents() {
        return bazaar.jdbc.sql("SELECT id FROM outbox WHERE event_type IN (:types) ORDER BY id")
                .param("types", SALES_EVENTS).query(Long.class).list();
    }

    /** The sales consumer's count of records with this outcome in the worker's metrics file (0 when not there). */
    private static long counted(String metrics, String outcome) {
        var m = Pattern.compile("bazaar_consumer_processed_total\\{consumer=\"sales\",outcome=\"" + outcome
                + "\"} ([0-9.E]+)").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
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
