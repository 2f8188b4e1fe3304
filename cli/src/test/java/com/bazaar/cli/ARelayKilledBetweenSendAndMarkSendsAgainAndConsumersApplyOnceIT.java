package com.bazaar.cli;

import com.bazaar.cli.wiring.Services;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.inventory.application.AdjustStock;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.domain.order.application.ScheduleReservationExpiry;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.events.consumers.ConsumerLag;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the outbox relay between Kafka's acknowledgement and the mark (docs/failure_scenarios.md,
 * scenario 16). The real {@code bazaar events relay} runs as a process over some thousands of events of orders and
 * restocks (several batches) and is killed (SIGKILL) at a moment the order topic holds events the outbox has not
 * marked published. The next relay sends those again: every event reaches its topic, the ones that were in a topic but
 * unmarked twice, the others once, and each aggregate's events are first seen in outbox order. The sales and
 * reservations consumers, reading the topics from the beginning, apply each event once: one {@code processed_events}
 * row per event, every copy sent again counted as a duplicate, and the sales read model equal to the totals of the
 * orders.
 */
class ARelayKilledBetweenSendAndMarkSendsAgainAndConsumersApplyOnceIT {

    /**
     * Orders placed before each attempt to catch the relay, each with two events (OrderPlaced, StockReserved) and two
     * restocks (a StockAdjusted each): about 4,000 events, three batches of the relay's 2,000. The consumers read only
     * the order events: the restocks make batches without giving the consumers more to do.
     */
    private static final int ORDERS = 1_000;
    private static final int THREADS = 4;
    private static final int ATTEMPTS = 3;
    private static final List<String> SKUS = List.of("K-0", "K-1", "K-2", "K-3", "K-4", "K-5", "K-6", "K-7");
    private static final Set<String> SALES_EVENTS = Set.of("OrderPlaced", "OrderCancelled", "RefundIssued");
    private static final SellerCode ACME = SellerCode.of("ACME");
    /** The order events marked published: what the order topic holds once the relay is done with them. */
    private static final String MARKED_ORDER_EVENTS = "SELECT count(*) FROM outbox WHERE aggregate_type = 'order'"
            + " AND event_version = 1 AND published_at IS NOT NULL";
    /** The application name of the test's own pooled connections, told apart from the relay's. */
    private static final String TEST_CONNECTIONS = "relay-kill-test";

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private BazaarProcess cli;
    private String prefix;
    private KilledProcesses.PooledServices pooled;
    /** The services over a pool, as 'bazaar worker' runs them: orders and consumers go faster than unpooled. */
    private Services services;
    private Process relay;
    private int placed;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        cli = new BazaarProcess(home.resolve("bazaar-home"), home.resolve("scratch"));
        prefix = TestKafka.unique("relay-kill");
        pooled = KilledProcesses.pooled(bazaar, home, TEST_CONNECTIONS, THREADS + 2);
        services = pooled.services();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (relay != null && relay.isAlive()) {
            relay.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (pooled != null) {
            pooled.close();
        }
    }

    /**
     * What the topics and the outbox held once the killed relay and its database sessions were gone: the order topic's
     * records and the order events marked, the event ids in all the topics, the events not marked.
     */
    private record Kill(int attempt, long orderRecords, long ordersMarked, List<Long> inTheTopics,
                        Set<Long> unmarked) {
    }

    @Test
    void theEventsLeftUnmarkedAreSentAgainAndEachIsAppliedOnce() throws Exception {
        bazaar.seller("ACME", "USD");
        for (int i = 0; i < SKUS.size(); i++) {
            bazaar.product("ACME", SKUS.get(i), (i + 1) + ".25", 1_000_000);
        }
        String sre = bazaar.user("relay-sre", Role.SRE, null);
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.put("BAZAAR_KAFKA", TestKafka.bootstrapServers());
        env.put("BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
        // the seller's and products' events go first: what the killed relay leaves unmarked is order events
        RelayPasses.untilAllPublished(bazaar, env);

        Kill kill = null;
        for (int attempt = 1; kill == null && attempt <= ATTEMPTS; attempt++) {
            placeOrders();
            kill = relayKilledInTheWindow(attempt, env, sre);
        }
        assertThat(kill).as("the relay was never killed while the order topic held events it had not marked published"
                + " (" + ATTEMPTS + " attempts of " + ORDERS + " more orders each)").isNotNull();
        Map<Long, Long> atTheKill = occurrences(kill.inTheTopics());
        Set<Long> resendable = new TreeSet<>(kill.unmarked());
        resendable.retainAll(atTheKill.keySet());
        assertThat(resendable).as("events in the topics but not marked published when the relay died").isNotEmpty();
        System.out.printf("relay killed on attempt %d: %d records in the order topic, %d order events marked"
                + " published; %d events in the topics and unmarked, of %d%n", kill.attempt(), kill.orderRecords(),
                kill.ordersMarked(), resendable.size(), outbox().size());

        RelayPasses.untilAllPublished(bazaar, env);

        var records = TestTopics.read(prefix);
        Map<Long, Long> sent = occurrences(records.stream().map(TestTopics::eventId).toList());
        List<Long> outbox = outbox();
        assertThat(sent.keySet()).as("every committed event is in the topics")
                .containsExactlyInAnyOrderElementsOf(outbox);
        // compared with the copies at the kill (one each, unless a pass that failed earlier left a second one)
        for (long id : outbox) {
            long copies = sent.get(id);
            long before = atTheKill.getOrDefault(id, 0L);
            if (resendable.contains(id)) {
                assertThat(copies).as("event %d, in the topics but unmarked when the relay died: sent again", id)
                        .isEqualTo(before + 1);
            } else if (kill.unmarked().contains(id)) {
                // a request of the killed relay's may reach the broker just after the topics were read
                assertThat(copies).as("event %d, unmarked when the relay died", id).isBetween(1L, 2L);
            } else {
                assertThat(copies).as("event %d, marked published before the kill: not sent again", id)
                        .isEqualTo(before);
            }
        }
        assertFirstCopiesInOutboxOrderPerAggregate(records);

        consumeFromTheBeginning(records, sent);
    }

    /**
     * Orders of one or two lines in a few threads, each followed by two restocks; every 50th order cancelled (its
     * OrderCancelled changes the read model).
     */
    private void placeOrders() throws Exception {
        int from = placed;
        var outcomes = Concurrently.run(THREADS, thread -> () -> {
            for (int n = from + thread; n < from + ORDERS; n += THREADS) {
                String sku = SKUS.get(n % SKUS.size());
                List<String> lines = new ArrayList<>(List.of(sku + ":" + (1 + n % 3)));
                if (n % 2 == 1) {
                    lines.add(SKUS.get((n + 3) % SKUS.size()) + ":1");
                }
                var order = services.placeOrder().place(new PlaceOrder.Command(bazaar.admin(),
                        new IdempotencyKey("o-" + n), ACME, Buyer.of("buyer-" + n % 97),
                        lines.stream().map(LineRequest::parse).toList()));
                if (n % 50 == 0) {
                    services.cancelOrder().cancel(bazaar.admin(), order.order().order().id(), "changed mind");
                }
                restock(sku, 1 + n % 3);
                restock(SKUS.get((n + 5) % SKUS.size()), 1);
            }
            return null;
        });
        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded, "every order placed");
        placed += ORDERS;
    }

    private void restock(String sku, long units) {
        services.adjustStock().adjust(new AdjustStock.Command(bazaar.admin(), ACME, Sku.of(sku), units, "restock"));
    }

    /**
     * Starts {@code bazaar events relay} and SIGKILLs it as soon as the order topic holds more records than the outbox
     * has order events marked published (the consumers read that topic). Null when it got through every event before
     * that was seen, or its mark landed before the signal: the caller places more orders and tries again.
     */
    private Kill relayKilledInTheWindow(int attempt, Map<String, String> env, String token) throws Exception {
        relay = cli.start(env, token, "events", "relay");
        boolean caught = false;
        try (var orderTopic = TestTopics.watch(new Topics(prefix).events("order"));
             Connection c = bazaar.db.adminDataSource().getConnection()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                if (!relay.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the relay " + (relay.isAlive() ? "did not publish within 120 s"
                            : "exited " + relay.exitValue()) + ": " + cli.errorsSoFar(relay));
                }
                // records first: if the count marked is lower still, the relay was in the window when it was read
                long records;
                try {
                    records = orderTopic.records();
                } catch (ExecutionException e) {
                    continue; // the relay is creating a topic: look again
                }
                long marked = BazaarProcess.count(c, MARKED_ORDER_EVENTS);
                if (records > marked) {
                    caught = true;
                    break;
                }
                if (BazaarProcess.count(c, "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0) {
                    break; // all published before a look fell in the window
                }
                // a look every few milliseconds: the window is as long as a batch takes to be acknowledged
                TimeUnit.MILLISECONDS.sleep(2);
            }
            KilledProcesses.kill(relay, cli, "the relay");
            // a COMMIT the relay sent just before it died may still be applied: wait until its sessions are gone
            KilledProcesses.awaitSessionsEnded(c, pooled, "the killed relay");
            long records = orderTopic.records();
            long marked = BazaarProcess.count(c, MARKED_ORDER_EVENTS);
            System.out.printf("attempt %d: %s; once it was gone the order topic held %d records, %d order events were"
                    + " marked%n", attempt, caught ? "relay killed while records > marked"
                    : "the relay published everything first", records, marked);
            if (!caught || records <= marked) {
                return null;
            }
            Set<Long> unmarked = new TreeSet<>(bazaar.jdbc.sql("SELECT id FROM outbox WHERE published_at IS NULL")
                    .query(Long.class).list());
            return new Kill(attempt, records, marked,
                    TestTopics.read(prefix).stream().map(TestTopics::eventId).toList(), unmarked);
        }
    }

    /** For each aggregate (topic and key) the first copy of each of its events comes in outbox id order. */
    private static void assertFirstCopiesInOutboxOrderPerAggregate(List<ConsumerRecord<String, String>> records) {
        TestTopics.firstCopies(records).forEach((aggregate, ids) -> assertThat(ids)
                .as("events of %s first seen in outbox order", aggregate).isSorted());
    }

    /**
     * The sales and reservations consumers read every record from the beginning; once their groups have no lag, each
     * applied each of its events once and counted every other copy as a duplicate.
     */
    private void consumeFromTheBeginning(List<ConsumerRecord<String, String>> records, Map<Long, Long> sent)
            throws Exception {
        var topics = new Topics(prefix);
        var settings = Worker.Settings.of(TestKafka.bootstrapServers())
                .withGroupPrefix(TestKafka.unique("relay-kill-group") + "-");
        var registry = new SimpleMeterRegistry();
        Actor worker = bazaar.authenticate(bazaar.user("consumers", Role.SRE, null));
        var byConsumer = WorkerRuntime.topicsByConsumer(topics);
        var consumed = Map.of(ProjectSales.CONSUMER, byConsumer.get(ProjectSales.CONSUMER),
                ScheduleReservationExpiry.CONSUMER, byConsumer.get(ScheduleReservationExpiry.CONSUMER));
        try (var running = WorkerRuntime.start(services, worker, topics, consumed.keySet(), settings,
                new ConsumerMetrics(registry));
             var lag = ConsumerLag.connect(TestKafka.bootstrapServers(), Duration.ofSeconds(10))) {
            // their own count first (cheap), then the broker's word that every offset is committed
            Eventually.within(Duration.ofSeconds(120), "the consumers handled every record", () -> consumed.entrySet()
                    .stream().allMatch(c -> handled(registry, c.getKey()) >= records.stream()
                            .filter(r -> c.getValue().contains(r.topic())).count()));
            Eventually.within(Duration.ofSeconds(30), "the consumers committed every offset", () -> consumed.entrySet()
                    .stream().allMatch(c -> lag.of(c.getKey(), settings.groupPrefix() + c.getKey(), c.getValue())
                            .records() == 0));
        }
        long duplicates = assertAppliedOnce(ProjectSales.CONSUMER, SALES_EVENTS, sent, registry)
                + assertAppliedOnce(ScheduleReservationExpiry.CONSUMER, Set.of("StockReserved"), sent, registry);
        assertThat(duplicates).as("copies sent again that the consumers recognised").isPositive();

        assertThat(SalesTotals.readModel(bazaar)).as("the sales read model: the orders not cancelled, each once")
                .isNotEmpty().isEqualTo(SalesTotals.ofTheOrders(bazaar));
    }

    /** Each event of these types applied once by the consumer, every other copy counted a duplicate: how many. */
    private long assertAppliedOnce(String consumer, Set<String> types, Map<Long, Long> sent,
                                   SimpleMeterRegistry registry) {
        List<Long> handled = bazaar.jdbc.sql("SELECT id FROM outbox WHERE event_type IN (:types) ORDER BY id")
                .param("types", types).query(Long.class).list();
        List<Long> applied = bazaar.jdbc.sql("SELECT event_id::bigint FROM processed_events WHERE consumer = :c"
                + " ORDER BY 1").param("c", consumer).query(Long.class).list();
        assertThat(applied).as("%s: one processed_events row per event it handles", consumer)
                .containsExactlyElementsOf(handled);
        long copiesAgain = handled.stream().mapToLong(id -> sent.get(id) - 1).sum();
        assertThat(counted(registry, consumer, "applied")).as("%s: applied", consumer).isEqualTo(handled.size());
        assertThat(counted(registry, consumer, "duplicate")).as("%s: the copies sent again, recognised", consumer)
                .isEqualTo(copiesAgain);
        return copiesAgain;
    }

    /** Records the consumer is done with: whatever it did with them, not counting attempts that failed. */
    private static long handled(SimpleMeterRegistry registry, String consumer) {
        return registry.find("bazaar_consumer_processed").tag("consumer", consumer).counters().stream()
                .filter(c -> !Set.of("failed", "dead_lettered").contains(c.getId().getTag("outcome")))
                .mapToLong(c -> (long) c.count()).sum();
    }

    private static long counted(SimpleMeterRegistry registry, String consumer, String outcome) {
        var counter = registry.find("bazaar_consumer_processed").tag("consumer", consumer).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private List<Long> outbox() {
        return bazaar.jdbc.sql("SELECT id FROM outbox ORDER BY id").query(Long.class).list();
    }

    private static Map<Long, Long> occurrences(List<Long> ids) {
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
