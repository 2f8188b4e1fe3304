package com.bazaar.cli.bench;

import com.bazaar.cli.wiring.Services;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.EventPublisher;
import com.bazaar.domain.event.OutboxMessage;
import com.bazaar.domain.event.application.RelayEvents;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.identity.application.CreateUser;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Json;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.EventHeaders;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.events.relay.EventRecords;
import com.bazaar.events.relay.KafkaEventPublisher;
import com.bazaar.postgres.embedded.EmbeddedPostgresServer;
import com.bazaar.testsupport.TestKafka;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (not a test) of issue 12's Kafka paths, on a fresh embedded PostgreSQL and the in-process KRaft broker of
 * the tests ({@link TestKafka}: one broker, replication 1, in this JVM, so it competes for the same CPUs). Run it with
 * {@code scripts/bench/events.sh}; options:
 *
 * <pre>
 *   --events N          outbox events the relay publishes in each measured round (default 50000)
 *   --rounds R          measured rounds, each a relay pass then the plain producer on the same events; the RESULT
 *                       gives the medians (default 5)
 *   --warmup-events W   events relayed (and sent by the baseline) before, unmeasured: topics, JIT (default 100000;
 *                       with 2000 the JIT compiler still took 0.2-0.4 s of CPU in every 20,000-event round)
 *   --orders M          orders through the queue, measured, and as many placed in-process (default 2000; 0: skip)
 *   --warmup-orders O   orders of each kind before, unmeasured (default 200)
 *   --clients C         concurrent clients of the order intake and of the in-process PlaceOrder (default 8)
 *   --intake-workers K  workers (as 'bazaar worker') in one group (default 1)
 *   --intake-concurrency T  consumer threads per worker ('bazaar worker --concurrency T'; default 1)
 *   --partitions P      partitions of every topic (default 3, the relay's default)
 * </pre>
 *
 * Relay: the events (the shapes of docs/events.md: per sale OrderPlaced with 3 lines, StockReserved,
 * PaymentAuthorized, PaymentCaptured, OrderPaid and a StockAdjusted, spread over N/6 orders and payments and 500
 * products) are inserted in the outbox, then one pass of the real {@link RelayEvents} (JdbcUnpublishedEvents,
 * JdbcRelayLease, {@link KafkaEventPublisher}, wired as {@code events relay}) publishes and marks them: events/s.
 * Baseline in the same run: a plain {@link KafkaProducer} with the relay's producer settings sends the same records
 * (same payloads, keys and headers, read back from the outbox) to topics of their own and flushes: events/s.
 *
 * Order intake: once the K workers' consumers have all joined their group and been assigned the partitions, C clients
 * each publish a request (docs/events.md "Order intake") and wait for its result on the results topic, from the send
 * to the result: orders/s, p50/p99; then the same C clients call PlaceOrder in-process on the same database. Exit code 0 when every check holds (every event published once and marked, every order placed
 * and answered), 1 otherwise, 2 on bad arguments.
 */
public final class EventsBenchmark {

    private static final int SALE_EVENTS = 6;
    private static final int PRODUCTS = 50;
    /** Printed last: the broker's own shutdown messages (it stops with the JVM) follow, events.sh hides them. */
    static final String FINISHED = "benchmark finished; the in-process broker stops with the JVM";

    record Options(int events, int warmupEvents, int orders, int warmupOrders, int clients, int intakeWorkers,
                   int partitions, int intakeConcurrency, int rounds) {

        static Options parse(String[] args) {
            int[] v = {50_000, 100_000, 2_000, 200, 8, 1, 3, 1, 5};
            List<String> names = List.of("--events", "--warmup-events", "--orders", "--warmup-orders", "--clients",
                    "--intake-workers", "--partitions", "--intake-concurrency", "--rounds");
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h")) {
                    throw new IllegalArgumentException("usage");
                }
                int at = names.indexOf(args[i]);
                if (at < 0) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                v[at] = Integer.parseInt(args[++i].replace("_", ""));
            }
            if (v[0] < 1 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[4] < 1 || v[5] < 1 || v[6] < 1 || v[7] < 1
                    || v[8] < 1) {
                throw new IllegalArgumentException("events, clients, intake workers and concurrency and partitions must"
                        + " be positive;"
                        + " the others not negative");
            }
            return new Options(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
        }
    }

    public static void main(String[] args) {
        Options options = OrderPlacementBenchmark.parseOrExit(() -> Options.parse(args), "EventsBenchmark [--events N]"
                + " [--warmup-events W] [--orders M] [--warmup-orders O] [--clients C] [--intake-workers K]"
                + " [--intake-concurrency T] [--partitions P] [--rounds R]");
        int exit = OrderPlacementBenchmark.exitCode(() -> OrderPlacementBenchmark.onFreshServer(
                server -> new EventsBenchmark(options).runOn(server)));
        System.out.println(FINISHED);
        System.out.flush();
        System.exit(exit);
    }

    private final Options options;
    private final String runId = Long.toString(Instant.now().toEpochMilli(), 36);
    private String bootstrap;
    private CpuMeter cpu;
    /** The schema owner's connections: VACUUM of the outbox between the timed parts. */
    private JdbcClient owner;

    private EventsBenchmark(Options options) {
        this.options = options;
    }

    private int runOn(EmbeddedPostgresServer server) throws Exception {
        cpu = new CpuMeter(server.dataDirectory());
        long setupStart = System.nanoTime();
        var ownerLogin = server.ensureRunning(EmbeddedPostgresServer.Login.OWNER);
        OrderPlacementBenchmark.migrate(ownerLogin);
        var ownerSource = new org.postgresql.ds.PGSimpleDataSource();
        ownerSource.setUrl(ownerLogin.jdbcUrl());
        ownerSource.setUser(ownerLogin.user());
        ownerSource.setPassword(ownerLogin.password());
        owner = JdbcClient.create(ownerSource);
        try (HikariDataSource pool = OrderPlacementBenchmark.pool(
                server.ensureRunning(EmbeddedPostgresServer.Login.APP), options.clients() + 4)) {
            Services services = OrderPlacementBenchmark.services(server, pool);
            Actor admin = OrderPlacementBenchmark.initialise(services);
            JdbcClient jdbc = JdbcClient.create(pool);
            bootstrap = TestKafka.bootstrapServers();
            System.out.printf(Locale.ROOT, "machine: nproc=%d, load average %.2f, java %s; PostgreSQL %s (embedded,"
                            + " fsync on); Kafka: the tests' in-process KRaft broker (TestKafka: 1 broker, replication"
                            + " 1, in this JVM), not a production cluster; setup %.1f s%n",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"),
                    jdbc.sql("SELECT current_setting('server_version')").query(String.class).single(),
                    (System.nanoTime() - setupStart) / 1e9);
            boolean relayOk = relay(services, admin, pool, jdbc);
            boolean intakeOk = options.orders() == 0 || intake(services, admin, jdbc);
            return relayOk && intakeOk ? 0 : 1;
        }
    }

    // ---- part 1: the relay against a plain producer ----

    private boolean relay(Services services, Actor admin, javax.sql.DataSource pool, JdbcClient jdbc)
            throws Exception {
        String relayPrefix = "bench-relay-" + runId;
        String plainPrefix = "bench-plain-" + runId;
        createTopics(List.of(relayPrefix, plainPrefix).stream()
                .flatMap(p -> List.of("order", "payment", "product").stream().map(a -> EventRecords.topic(p, a, 1)))
                .toList());
        var settings = new KafkaEventPublisher.Settings(bootstrap, relayPrefix, options.partitions(), (short) 1);
        AtomicLong publishNanos = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        try (var publisher = new KafkaEventPublisher(settings);
             var plain = new KafkaProducer<String, String>(KafkaEventPublisher.producerConfig(bootstrap),
                     new StringSerializer(), new StringSerializer())) {
            EventPublisher timed = messages -> {
                long t = System.nanoTime();
                var sending = publisher.send(messages);
                publishNanos.addAndGet(System.nanoTime() - t);
                batches.incrementAndGet();
                return () -> {
                    long w = System.nanoTime();
                    sending.awaitAcknowledged();
                    publishNanos.addAndGet(System.nanoTime() - w);
                };
            };
            RelayEvents relay = services.relayEvents(timed);
            Random random = new Random(12);
            long sale = 0;
            if (options.warmupEvents() > 0) {
                insert(pool, events(options.warmupEvents(), sale, random));
                sale += options.warmupEvents() / SALE_EVENTS + 1;
                List<OutboxMessage> warm = unpublished(pool);
                long relayed = ((RelayEvents.Relayed) relay.once(admin)).published();
                sendPlain(plain, plainPrefix, warm);
                System.out.printf(Locale.ROOT, "warm-up: %d events relayed and sent by the plain producer%n", relayed);
            }
            List<Double> relayRates = new ArrayList<>();
            List<Double> plainRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            boolean ok = true;
            for (int round = 1; round <= options.rounds(); round++) {
                List<OutboxMessage> generated = events(options.events(), sale, random);
                sale += options.events() / SALE_EVENTS + 1;
                long t0 = System.nanoTime();
                insert(pool, generated);
                double insertSeconds = (System.nanoTime() - t0) / 1e9;
                List<OutboxMessage> rows = unpublished(pool); // as the relay will read them: payload text of jsonb
                long bytes = rows.stream().mapToLong(m -> m.payloadJson().length()).sum();
                System.out.printf(Locale.ROOT, "round %d: outbox: %d events inserted in %.1f s (%.0f rows/s, batched"
                                + " JDBC); payload %.0f bytes on average; %d order + %d payment + %d product events%n",
                        round, rows.size(), insertSeconds, rows.size() / insertSeconds, (double) bytes / rows.size(),
                        count(rows, "order"), count(rows, "payment"), count(rows, "product"));

                settle(jdbc);
                publishNanos.set(0);
                batches.set(0);
                var relayThreads0 = CpuMeter.threads();
                var relayCpu0 = cpu.now();
                long r0 = System.nanoTime();
                var outcome = relay.once(admin);
                long relayNanos = System.nanoTime() - r0;
                var relayCpu = cpu.now().minus(relayCpu0);
                var relayThreads = CpuMeter.busiest(relayThreads0, CpuMeter.threads(), 6);
                long published = outcome instanceof RelayEvents.Relayed r ? r.published() : -1;

                settle(jdbc);
                var plainThreads0 = CpuMeter.threads();
                var plainCpu0 = cpu.now();
                long p0 = System.nanoTime();
                sendPlain(plain, plainPrefix, rows);
                long plainNanos = System.nanoTime() - p0;
                var plainCpu = cpu.now().minus(plainCpu0);
                var plainThreads = CpuMeter.busiest(plainThreads0, CpuMeter.threads(), 6);

                long left = jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class)
                        .single();
                ok &= published == options.events() && left == 0;
                double relayRate = published / (relayNanos / 1e9);
                double plainRate = rows.size() / (plainNanos / 1e9);
                relayRates.add(relayRate);
                plainRates.add(plainRate);
                ratios.add(relayRate / plainRate);
                System.out.printf(Locale.ROOT, "round %d: relay: %d events in %.2f s in %d batches of up to %d"
                                + " (pipelined): send and wait for the acknowledgements %.2f s (%.0f%%), the rest (read"
                                + " the batch, mark it, lease; overlapping the broker's work) %.2f s (%.0f%%)%n", round,
                        published, relayNanos / 1e9, batches.get(), RelayEvents.DEFAULT_BATCH,
                        publishNanos.get() / 1e9, 100.0 * publishNanos.get() / relayNanos,
                        (relayNanos - publishNanos.get()) / 1e9,
                        100.0 * (relayNanos - publishNanos.get()) / relayNanos);
                int cpus = Runtime.getRuntime().availableProcessors();
                System.out.printf(Locale.ROOT, "round %d: cpu: relay pass %.2f s in this JVM (relay, producer, broker)"
                                + " + %.2f s in PostgreSQL = %.0f%% of %d CPUs over its %.2f s, %.1f us per event;"
                                + " plain producer %.2f s (producer, broker) = %.0f%% over %.2f s, %.1f us per event%n",
                        round,
                        relayCpu.jvm(), relayCpu.postgres(),
                        100 * (relayCpu.jvm() + relayCpu.postgres()) / (cpus * relayNanos / 1e9), cpus,
                        relayNanos / 1e9, 1e6 * (relayCpu.jvm() + relayCpu.postgres()) / published, plainCpu.jvm(),
                        100 * (plainCpu.jvm() + plainCpu.postgres()) / (cpus * plainNanos / 1e9), plainNanos / 1e9,
                        1e6 * (plainCpu.jvm() + plainCpu.postgres()) / rows.size());
                System.out.printf(Locale.ROOT, "round %d: busiest threads of this JVM (ms of CPU): relay pass %s;"
                        + " plain producer %s%n", round, relayThreads, plainThreads);
                System.out.printf(Locale.ROOT, "round %d: relay %.0f events/s, plain producer %.0f events/s, ratio"
                        + " %.2f%n", round, relayRate, plainRate, relayRate / plainRate);
            }
            System.out.println("producer (totals over all rounds, warm-up included): relay " + producerFigures(
                    publisher.producerMetrics()) + "; plain " + producerFigures(plain.metrics()));
            long expected = options.warmupEvents() + (long) options.rounds() * options.events();
            long onRelayTopics = endOffsets(relayPrefix);
            long onPlainTopics = endOffsets(plainPrefix);
            ok &= onRelayTopics == expected && onPlainTopics == expected;
            System.out.printf(Locale.ROOT, "checks: every round published and marked all; records on the relay's"
                    + " topics %d and the plain producer's %d (expected %d each, warm-up included)%n", onRelayTopics,
                    onPlainTopics, expected);
            System.out.printf(Locale.ROOT, "RESULT relay events=%d rounds=%d events/s=%.0f baseline(plain producer)"
                            + " events/s=%.0f ratio=%.2f (median of the rounds' ratios; min %.2f, max %.2f;"
                            + " goal >= 0.50)"
                            + " broker=in-process-KRaft checks=%s%n", options.events(), options.rounds(),
                    median(relayRates), median(plainRates), median(ratios), java.util.Collections.min(ratios),
                    java.util.Collections.max(ratios), ok ? "ok" : "FAILED");
            return ok;
        }
    }

    /** Records, produce requests and batches of a producer's cumulative metrics, and its average batch. */
    private static String producerFigures(Map<org.apache.kafka.common.MetricName,
            ? extends org.apache.kafka.common.Metric> metrics) {
        java.util.function.Function<String, Double> value = name -> metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElse(Double.NaN);
        double records = value.apply("record-send-total");
        double requests = value.apply("request-total");
        return String.format(Locale.ROOT, "%.0f records in %.0f requests (%.1f per request), batch %.0f bytes on"
                        + " average (window), %.1f records per request (window), compression %.2f", records,
                requests, records / requests, value.apply("batch-size-avg"), value.apply("records-per-request-avg"),
                value.apply("compression-rate-avg"));
    }

    /**
     * Lets the machine settle before a timed part, so that one part's after-work is not counted in the next: the
     * outbox vacuumed and analysed (else autovacuum, woken by the insert or by the relay's marks, runs during the next
     * part), then up to 5 s until this JVM and PostgreSQL together use less than a tenth of a CPU.
     */
    private void settle(JdbcClient jdbc) throws InterruptedException {
        owner.sql("VACUUM (ANALYZE) outbox").update();
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            var before = cpu.now();
            Thread.sleep(200);
            var used = cpu.now().minus(before);
            if (used.jvm() + used.postgres() < 0.02) {
                return;
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Sends the messages as the relay would (same records), without waiting per record, then flushes. */
    private static void sendPlain(KafkaProducer<String, String> producer, String prefix, List<OutboxMessage> rows) {
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (OutboxMessage m : rows) {
            producer.send(EventRecords.record(prefix, m), (metadata, e) -> {
                if (e != null) {
                    failed.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        if (failed.get() != null) {
            throw new IllegalStateException("the plain producer failed: " + failed.get(), failed.get());
        }
    }

    /** Per sale: OrderPlaced (3 lines), StockReserved, PaymentAuthorized, PaymentCaptured, OrderPaid, StockAdjusted. */
    static List<OutboxMessage> events(int n, long firstSale, Random random) {
        List<OutboxMessage> events = new ArrayList<>(n);
        Instant now = Instant.parse("2026-11-25T10:15:00.123456Z");
        for (long sale = firstSale; events.size() < n; sale++) {
            long order = 100_000 + sale;
            long payment = 500_000 + sale;
            int[] products = random.ints(0, PRODUCTS).distinct().limit(3).toArray();
            List<Map<String, Object>> lines = new ArrayList<>();
            long totalCents = 0;
            List<String> reserved = new ArrayList<>();
            for (int p : products) {
                int quantity = 1 + random.nextInt(3);
                long unit = 199 + 100L * p;
                totalCents += unit * quantity;
                Map<String, Object> line = Json.object();
                line.put("sku", sku(p));
                line.put("quantity", quantity);
                line.put("unitPrice", decimal(unit));
                line.put("discount", "0.00");
                line.put("total", decimal(unit * quantity));
                lines.add(line);
                reserved.add(sku(p) + ":" + quantity);
            }
            Map<String, Object> placed = Json.object();
            placed.put("order", order);
            placed.put("buyer", "buyer-" + random.nextInt(10_000));
            placed.put("status", "PLACED");
            placed.put("total", decimal(totalCents));
            placed.put("currency", "EUR");
            placed.put("lines", lines);
            placed.put("seller", "BENCH");
            placed.put("payment", payment);
            Map<String, Object> reservation = Json.object();
            reservation.put("order", order);
            reservation.put("expiresAt", now.plus(Duration.ofMinutes(15)).toString());
            reservation.put("lines", reserved);
            String correlation = "cli-" + Long.toString(sale, 36) + "-bench";
            add(events, n, "OrderPlaced", "order", order, placed, now, correlation);
            add(events, n, "StockReserved", "order", order, reservation, now, correlation);
            add(events, n, "PaymentAuthorized", "payment", payment, payment(payment, order, "AUTHORIZED", totalCents,
                    0), now, correlation);
            add(events, n, "PaymentCaptured", "payment", payment, payment(payment, order, "CAPTURED", totalCents,
                    totalCents), now, correlation);
            add(events, n, "OrderPaid", "order", order, Map.of("order", order), now, correlation);
            Map<String, Object> stock = Json.object();
            stock.put("onHand", 1_000_000);
            stock.put("reserved", 3 + random.nextInt(100));
            stock.put("sku", sku(products[0]));
            stock.put("delta", -1);
            add(events, n, "StockAdjusted", "product", 1 + (sale % 500), stock, now, correlation);
        }
        return events;
    }

    private static Map<String, Object> payment(long payment, long order, String status, long amount, long captured) {
        Map<String, Object> json = Json.object();
        json.put("payment", payment);
        json.put("order", order);
        json.put("status", status);
        json.put("amount", decimal(amount));
        json.put("captured", decimal(captured));
        json.put("refunded", "0.00");
        json.put("currency", "EUR");
        return json;
    }

    private static void add(List<OutboxMessage> events, int n, String type, String aggregate, long id,
                            Map<String, Object> payload, Instant at, String correlation) {
        if (events.size() < n) {
            events.add(new OutboxMessage(events.size() + 1, type, 1, aggregate, Long.toString(id), Json.write(payload),
                    at, correlation));
        }
    }

    private static String sku(int product) {
        return String.format(Locale.ROOT, "SKU-%05d", product + 1);
    }

    private static String decimal(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    private static long count(List<OutboxMessage> rows, String aggregate) {
        return rows.stream().filter(m -> m.aggregateType().equals(aggregate)).count();
    }

    /** Inserts the events in the outbox (the ids are the table's), in batches of 1000, one transaction. */
    private static void insert(javax.sql.DataSource pool, List<OutboxMessage> events) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (event_type, event_version,"
                     + " aggregate_type, aggregate_id, payload, occurred_at, correlation_id)"
                     + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            c.setAutoCommit(false);
            int i = 0;
            for (OutboxMessage m : events) {
                insert.setString(1, m.type());
                insert.setInt(2, m.version());
                insert.setString(3, m.aggregateType());
                insert.setString(4, m.aggregateId());
                insert.setString(5, m.payloadJson());
                insert.setTimestamp(6, Timestamp.from(m.occurredAt()));
                insert.setString(7, m.correlationId());
                insert.addBatch();
                if (++i % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** Every unpublished outbox row, lowest id first, read as the relay reads them (not timed). */
    private static List<OutboxMessage> unpublished(javax.sql.DataSource pool) {
        return new com.bazaar.postgres.JdbcUnpublishedEvents(new com.bazaar.postgres.Database(pool))
                .oldest(Integer.MAX_VALUE);
    }

    private void createTopics(List<String> names) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(names.stream().map(t -> new NewTopic(t, options.partitions(), (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Records on the event topics of a prefix: the sum of their partitions' end offsets. */
    private long endOffsets(String prefix) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> ask = new java.util.HashMap<>();
            for (String aggregate : List.of("order", "payment", "product")) {
                for (int p = 0; p < options.partitions(); p++) {
                    ask.put(new TopicPartition(EventRecords.topic(prefix, aggregate, 1), p), OffsetSpec.latest());
                }
            }
            return admin.listOffsets(ask).all().get(60, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    // ---- part 2: order intake through the queue against PlaceOrder in-process ----

    /** One client's call: places one order with this idempotency key and these lines; true if placed. */
    interface Call {
        boolean call(int client, String key, List<LineRequest> lines) throws Exception;
    }

    private boolean intake(Services services, Actor admin, JdbcClient jdbc) throws Exception {
        SellerCode seller = SellerCode.of("BENCH");
        List<Sku> skus = OrderPlacementBenchmark.sellerWithProducts(services, admin, seller, PRODUCTS, 1_000_000);
        services.createUser().create(new CreateUser.Command(admin, Optional.empty(), UserName.of("storefront"),
                Set.of(Role.OPERATOR), Optional.empty()));
        String workerToken = services.createUser().create(new CreateUser.Command(admin, Optional.empty(),
                UserName.of("order-worker"), Set.of(Role.OPERATOR), Optional.empty())).token().orElseThrow().secret();
        Actor workerActor = services.authenticate().authenticate(workerToken, new CorrelationId("bench")).actor();
        Topics topics = new Topics("bench-intake-" + runId);
        createTopics(List.of(topics.orderRequests(), topics.orderResults()));
        var settings = Worker.Settings.of(bootstrap).withGroupPrefix("bench-" + runId + "-")
                .withConcurrency(options.intakeConcurrency());
        List<Worker> workers = new ArrayList<>();
        Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
        Thread listener;
        AtomicReference<Boolean> listening = new AtomicReference<>(true);
        try (var producer = new KafkaProducer<String, String>(Worker.producerConfig(bootstrap),
                new StringSerializer(), new StringSerializer());
             var results = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                     new StringDeserializer())) {
            for (int i = 0; i < options.intakeWorkers(); i++) {
                workers.add(WorkerRuntime.start(services, workerActor, topics, Set.of(OrderIntake.NAME), settings,
                        new ConsumerMetrics(new SimpleMeterRegistry())));
            }
            awaitBalancedGroup(settings.groupPrefix() + OrderIntake.NAME);
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < options.partitions(); p++) {
                partitions.add(new TopicPartition(topics.orderResults(), p));
            }
            results.assign(partitions);
            results.seekToEnd(partitions);
            partitions.forEach(results::position);
            listener = new Thread(() -> {
                while (listening.get()) {
                    for (var record : results.poll(Duration.ofMillis(100))) {
                        var future = waiting.remove(record.key());
                        if (future != null) {
                            future.complete(String.valueOf(Json.readObject(record.value()).get("status")));
                        }
                    }
                }
            }, "bench-results");
            listener.start();
            try {
                return queueAgainstInProcess(services, admin, jdbc, producer, topics, waiting, seller, skus);
            } finally {
                listening.set(false); // before the consumer is closed: only its thread may touch it
                listener.join();
            }
        } finally {
            workers.forEach(Worker::close);
        }
    }

    /**
     * Waits (up to 60 s) until every consumer of the K workers has joined the intake group and the request topic's
     * partitions are spread over them, so that no rebalance falls into the measured orders (the workers start one
     * after another); prints the partitions per consumer.
     */
    private void awaitBalancedGroup(String group) throws Exception {
        int consumers = options.intakeWorkers() * options.intakeConcurrency();
        List<Integer> perConsumer = List.of();
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                var description = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS)
                        .get(group);
                perConsumer = description.members().stream().map(m -> m.assignment().topicPartitions().size())
                        .sorted(java.util.Comparator.reverseOrder()).toList();
                // every consumer in, every partition assigned, spread evenly: a consumer that joined last may hold
                // none for a while (incremental rebalancing)
                if (perConsumer.size() == consumers && perConsumer.stream().mapToInt(Integer::intValue).sum()
                        == options.partitions() && perConsumer.get(0) - perConsumer.get(consumers - 1) <= 1) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        System.out.printf(Locale.ROOT, "intake group: %d consumers of %d expected, partitions per consumer %s%n",
                perConsumer.size(), consumers, perConsumer);
    }

    private boolean queueAgainstInProcess(Services services, Actor admin, JdbcClient jdbc,
                                          KafkaProducer<String, String> producer, Topics topics,
                                          Map<String, CompletableFuture<String>> waiting, SellerCode seller,
                                          List<Sku> skus) throws Exception {
        Call queued = (client, key, lines) -> {
            Map<String, Object> request = Json.object();
            request.put("idempotency_key", key);
            request.put("seller", seller.value());
            request.put("buyer", "buyer-" + client);
            request.put("lines", lines.stream().map(l -> {
                Map<String, Object> line = Json.object();
                line.put("sku", l.sku().value());
                line.put("quantity", l.quantity());
                return line;
            }).toList());
            request.put("requested_by", "storefront");
            var record = new ProducerRecord<>(topics.orderRequests(), key, Json.write(request));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes("OrderRequested")));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes("1")));
            record.headers().add(new RecordHeader(EventHeaders.CORRELATION_ID, EventHeaders.bytes(
                    "storefront-" + key)));
            CompletableFuture<String> answer = new CompletableFuture<>();
            waiting.put(key, answer);
            producer.send(record);
            return "PLACED".equals(answer.get(120, TimeUnit.SECONDS));
        };
        PlaceOrder placeOrder = services.placeOrder();
        Call inProcess = (client, key, lines) -> {
            placeOrder.place(new PlaceOrder.Command(admin, new IdempotencyKey(key), seller,
                    Buyer.of("buyer-" + client), lines));
            return true;
        };
        long before = orders(jdbc);
        Phase viaQueue = phase("queue", queued, skus);
        Phase direct = phase("direct", inProcess, skus);
        long placed = orders(jdbc) - before;
        long expected = 2L * (options.orders() + options.warmupOrders());
        boolean ok = viaQueue.ok() && direct.ok() && placed == expected;
        System.out.printf(Locale.ROOT, "checks: %d orders in the database (expected %d), every request answered"
                + " PLACED: %s, every in-process call placed: %s%n", placed, expected, viaQueue.ok(), direct.ok());
        System.out.printf(Locale.ROOT, "RESULT intake(queue) workers=%d threads=%d clients=%d orders=%d"
                        + " orders/s=%.1f p50=%s p99=%s | in-process PlaceOrder clients=%d orders/s=%.1f p50=%s p99=%s"
                        + " | ratio=%.2f broker=in-process-KRaft checks=%s%n", options.intakeWorkers(),
                options.intakeConcurrency(), options.clients(), viaQueue.orders(), viaQueue.rate(), viaQueue.p50(), viaQueue.p99(),
                options.clients(), direct.rate(), direct.p50(), direct.p99(), viaQueue.rate() / direct.rate(),
                ok ? "ok" : "FAILED");
        return ok;
    }

    record Phase(long orders, double rate, String p50, String p99, boolean ok) {
    }

    /** The warm-up orders, then the measured ones, each by C clients (a barrier between): rate and latencies. */
    private Phase phase(String label, Call call, List<Sku> skus) throws Exception {
        int clients = options.clients();
        long[][] latencies = new long[clients][];
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long[] window = new long[2];
        CyclicBarrier barrier = new CyclicBarrier(clients, () -> window[window[0] == 0 ? 0 : 1] = System.nanoTime());
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            int warm = share(options.warmupOrders(), client);
            int measured = share(options.orders(), client);
            latencies[c] = new long[measured];
            threads[c] = new Thread(() -> {
                try {
                    for (int i = 0; i < warm; i++) {
                        once(call, client, label + "-w-" + i, skus, failures, firstFailure);
                    }
                    barrier.await();
                    for (int i = 0; i < measured; i++) {
                        long t = System.nanoTime();
                        once(call, client, label + "-" + i, skus, failures, firstFailure);
                        latencies[client][i] = System.nanoTime() - t;
                    }
                    barrier.await();
                } catch (Exception e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                }
            }, "bench-" + label + "-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double seconds = (window[1] - window[0]) / 1e9;
        if (failures.get() > 0) {
            System.out.printf(Locale.ROOT, "%s: %d failures, the first: %s%n", label, failures.get(),
                    firstFailure.get());
        }
        System.out.printf(Locale.ROOT, "%s: %d orders by %d clients in %.2f s after %d warm-up orders%n", label,
                all.length, clients, seconds, options.warmupOrders());
        return new Phase(all.length, all.length / seconds, OrderPlacementBenchmark.ms(
                OrderPlacementBenchmark.percentile(all, 0.50)), OrderPlacementBenchmark.ms(
                OrderPlacementBenchmark.percentile(all, 0.99)), failures.get() == 0);
    }

    private void once(Call call, int client, String seq, List<Sku> skus, AtomicLong failures,
                      AtomicReference<String> firstFailure) {
        int[] products = ThreadLocalRandom.current().ints(0, skus.size()).distinct().limit(3).toArray();
        List<LineRequest> lines = Arrays.stream(products).mapToObj(p -> new LineRequest(skus.get(p), 1)).toList();
        try {
            if (!call.call(client, "bench-" + runId + "-" + client + "-" + seq, lines)) {
                throw new IllegalStateException("not placed");
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e.toString());
        }
    }

    /** Client {@code c}'s share of {@code total}. */
    private int share(int total, int c) {
        return total / options.clients() + (c < total % options.clients() ? 1 : 0);
    }

    private static long orders(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
    }
}
