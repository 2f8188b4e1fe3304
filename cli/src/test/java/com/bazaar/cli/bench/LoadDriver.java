package com.bazaar.cli.bench;

import com.bazaar.domain.shared.Json;
import com.bazaar.events.consumers.OrderRequests;
import com.bazaar.events.consumers.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The storefronts of {@code scripts/load/run.sh} (docs/load-testing.md): order requests through Kafka at a stated
 * rate, every answer recorded. Not a test; the script runs it on the test class path (scripts/bench/classpath.sh).
 *
 * <pre>
 *   LoadDriver topics --bootstrap B --partitions P     creates bazaar.order-requests.v1 (P partitions) and
 *                                                      bazaar.order-results.v1 (3) before the workers start
 *   LoadDriver run --bootstrap B --out DIR --seller S --requested-by U --hot SKU,... --cold SKU,...
 *                  [--producers N] [--rate R] [--duration S] [--overload-rate R2 --overload-duration S2]
 *                  [--seed X] [--drain-timeout S] [--report-every S]
 *   LoadDriver check ...                                see {@link LoadChecks}
 * </pre>
 *
 * {@code run}: N producer threads (each with its own {@link OrderRequests}, the client of {@code bazaar order submit})
 * share the rate: request k of a phase is due at k/R seconds after the phase began; a producer that fell behind (its
 * send waited for a broker that was away) sends what is due at once, as a storefront's queue would, and none is sent
 * after its phase ended. A send that fails is sent again with the same idempotency key until the broker acknowledges
 * it (docs/events.md, "Order intake"). The content of each request (1 to 3 lines, hot SKUs with little stock in
 * about a third of the lines, quantities 1-3, one buyer out of 1,000 or the greedy buyer, now and then an unknown SKU)
 * comes from the seed, the producer and the request's number only. A consumer reads every answer on
 * {@code bazaar.order-results.v1}; every 2 s the lag of the {@code order-intake} group is read from the broker. After
 * the last phase the driver waits (at most the drain timeout) until every acknowledged request has an answer, prints
 * the timeline and a summary and writes {@code DIR/requests.tsv} (one line per request) for {@code check}. Exit 0
 * when every acknowledged request was answered, 1 otherwise, 2 on bad arguments.
 */
public final class LoadDriver {

    /** Idempotency keys of the load's requests start with this: {@code L<producer>-<n>}. */
    static final String KEY_PREFIX = "L";
    static final String GREEDY_BUYER = "greedy-buyer";
    static final String UNKNOWN_SKU = "NO-SUCH-SKU";
    private static final Duration LAG_EVERY = Duration.ofSeconds(2);

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: LoadDriver topics|run|check OPTIONS (see docs/load-testing.md)");
            System.exit(2);
        }
        Map<String, String> options = OrderPlacementBenchmark.parseOrExit(() -> options(Arrays.copyOfRange(args, 1,
                args.length)), "LoadDriver " + args[0] + " --name value ... (docs/load-testing.md)");
        int exit = OrderPlacementBenchmark.exitCode(() -> switch (args[0]) {
            case "topics" -> createTopics(options);
            case "run" -> new LoadDriver(options).run();
            case "check" -> LoadChecks.run(options);
            default -> {
                System.err.println("unknown step " + args[0] + " (topics, run or check)");
                yield 2;
            }
        });
        System.out.flush();
        System.exit(exit);
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static double number(Map<String, String> options, String name, double otherwise) {
        return options.containsKey(name) ? Double.parseDouble(options.get(name)) : otherwise;
    }

    static Topics topics(Map<String, String> options) {
        return new Topics(options.getOrDefault("topic-prefix", Topics.STANDARD.prefix()));
    }

    // ---- topics ----

    /** The request topic with enough partitions for every worker thread (the local broker's default is 1). */
    private static int createTopics(Map<String, String> options) throws Exception {
        Topics topics = topics(options);
        int partitions = (int) number(options, "partitions", 3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                required(options, "bootstrap")))) {
            for (NewTopic topic : List.of(new NewTopic(topics.orderRequests(), partitions, (short) 1),
                    new NewTopic(topics.orderResults(), 3, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        System.out.println("topics " + topics.orderRequests() + " (" + partitions + " partitions) and "
                + topics.orderResults() + " (3) ready");
        return 0;
    }

    // ---- run ----

    record Phase(String name, double rate, long seconds) {
    }

    /** A request the broker acknowledged: its phase, first attempt and acknowledgement (ns since the start). */
    record Sent(String phase, long firstTry, long acked, int attempts) {
    }

    /** One answer on the results topic: received at {@code received} (ns since the start). */
    record Answer(String status, String order, String reason, boolean replayed, long timestamp, long received) {
        static Answer of(String json, long timestamp, long received) {
            Map<String, Object> result = Json.readObject(json);
            Object order = result.get("order");
            Object reason = result.get("reason");
            return new Answer(String.valueOf(result.get("status")), order == null ? "" : order.toString(),
                    reason == null ? "" : reason.toString(), Boolean.TRUE.equals(result.get("replayed")), timestamp,
                    received);
        }
    }

    /** One sample of the timeline. */
    record Sample(long second, String phase, long acked, long answered, long lag) {
    }

    private final Map<String, String> options;
    private final String bootstrap;
    private final Topics topics;
    private final List<Phase> phases = new ArrayList<>();
    private final int producers;
    private final long seed;
    private final List<String> hot;
    private final List<String> cold;
    private final long start = System.nanoTime();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    private final List<String> abandoned = new CopyOnWriteArrayList<>();
    private final List<Sample> timeline = new CopyOnWriteArrayList<>();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong lastLag = new AtomicLong(-1);
    private volatile String phaseNow = "warmup";
    private volatile String firstSendError;

    private LoadDriver(Map<String, String> options) {
        this.options = options;
        this.bootstrap = required(options, "bootstrap");
        this.topics = topics(options);
        this.producers = (int) number(options, "producers", 4);
        this.seed = (long) number(options, "seed", 1);
        this.hot = List.of(required(options, "hot").split(","));
        this.cold = List.of(required(options, "cold").split(","));
        phases.add(new Phase("normal", number(options, "rate", 30), (long) number(options, "duration", 120)));
        if (options.containsKey("overload-rate")) {
            phases.add(new Phase("overload", number(options, "overload-rate", 300),
                    (long) number(options, "overload-duration", 30)));
        }
        if (producers < 1 || phases.stream().anyMatch(p -> p.rate() <= 0 || p.seconds() < 1)) {
            throw new IllegalArgumentException("producers, rates and durations must be positive");
        }
        required(options, "out");
        required(options, "seller");
        required(options, "requested-by");
    }

    private long now() {
        return System.nanoTime() - start;
    }

    private int run() throws Exception {
        long drainTimeout = TimeUnit.SECONDS.toNanos((long) number(options, "drain-timeout", 300));
        long reportEvery = TimeUnit.SECONDS.toNanos((long) number(options, "report-every", 5));
        AtomicBoolean listening = new AtomicBoolean(true);
        Thread listener = new Thread(() -> listen(listening), "load-results");
        listener.setDaemon(true);
        listener.start();
        Thread lagReader = new Thread(() -> readLag(listening, reportEvery), "load-lag");
        lagReader.setDaemon(true);
        lagReader.start();

        System.out.printf(Locale.ROOT, "driver: %d producers, phases %s, seed %d, hot SKUs %s, %d cold SKUs%n",
                producers, phases.stream().map(p -> p.name() + " " + p.rate() + "/s for " + p.seconds() + " s")
                        .collect(Collectors.joining(", then ")), seed, hot, cold.size());
        warmUp((int) number(options, "warmup", 20));
        long[] phaseStart = new long[phases.size() + 1];
        phaseStart[0] = now();
        for (int i = 0; i < phases.size(); i++) {
            phaseStart[i + 1] = phaseStart[i] + TimeUnit.SECONDS.toNanos(phases.get(i).seconds());
        }
        long hardDeadline = phaseStart[phases.size()] + drainTimeout;
        AtomicLong[] slots = new AtomicLong[phases.size()];
        Arrays.setAll(slots, i -> new AtomicLong());
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = new Thread(() -> produce(producer, phaseStart, slots, hardDeadline), "load-producer-" + p);
            threads[p].start();
        }
        for (int i = 0; i < phases.size(); i++) {
            sleepUntil(phaseStart[i]);
            phaseNow = phases.get(i).name();
            System.out.printf(Locale.ROOT, "[%4d s] phase %s: %.0f requests/s for %d s%n", now() / 1_000_000_000L,
                    phases.get(i).name(), phases.get(i).rate(), phases.get(i).seconds());
        }
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - now())) + 1000);
        }
        long producedUntil = now();
        phaseNow = "drain";
        System.out.printf(Locale.ROOT, "[%4d s] production stopped: %d requests acknowledged (%d sends repeated"
                + "%s); waiting for their answers (at most %d s)%n", producedUntil / 1_000_000_000L, sent.size(),
                resends.get(), firstSendError == null ? "" : ", first failure: " + firstSendError,
                TimeUnit.NANOSECONDS.toSeconds(drainTimeout));
        while (unanswered() > 0 && now() < producedUntil + drainTimeout) {
            Thread.sleep(200);
        }
        long drained = now();
        // one more lag sample once answered: the committed offsets trail the answers by a poll
        Thread.sleep(LAG_EVERY.toMillis() + 500);
        listening.set(false);
        listener.join(10_000);
        lagReader.join(10_000);
        return summarise(phaseStart, producedUntil, drained);
    }

    /**
     * Requests sent before the phases, answered before they start (at most 3 minutes): the workers' first requests
     * load classes and fill pools, slowly enough on a busy machine to pause order-intake (back-pressure) at first.
     */
    private void warmUp(int requests) throws InterruptedException {
        if (requests < 1) {
            return;
        }
        Random random = new Random(seed);
        try (OrderRequests client = new OrderRequests(bootstrap, topics)) {
            for (int i = 0; i < requests; i++) {
                String key = KEY_PREFIX + "w-" + i;
                long firstTry = now();
                client.submit(request(key, random), "load-" + key);
                sent.put(key, new Sent(phaseNow, firstTry, now(), 1));
            }
        }
        long until = now() + TimeUnit.MINUTES.toNanos(3);
        while (unanswered() > 0 && now() < until) {
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "[%4d s] warm-up: %d requests, %d answered%n", now() / 1_000_000_000L,
                requests, requests - unanswered());
    }

    private long unanswered() {
        return sent.keySet().stream().filter(k -> !answers.containsKey(k)).count();
    }

    private void produce(int producer, long[] phaseStart, AtomicLong[] slots, long hardDeadline) {
        Random random = new Random(seed * 1_000_003L + producer);
        OrderRequests client = new OrderRequests(bootstrap, topics);
        int n = 0;
        try {
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                while (true) {
                    long due = phaseStart[i] + (long) (slots[i].getAndIncrement() * 1e9 / phase.rate());
                    if (due >= phaseStart[i + 1]) {
                        break;
                    }
                    sleepUntil(due);
                    if (now() >= phaseStart[i + 1]) {
                        break; // fell behind beyond the phase's end: what is still due is not asked for
                    }
                    String key = KEY_PREFIX + producer + "-" + n++;
                    Map<String, Object> request = request(key, random);
                    long firstTry = now();
                    for (int attempt = 1; ; attempt++) {
                        try {
                            client.submit(request, "load-" + key);
                            sent.put(key, new Sent(phase.name(), firstTry, now(), attempt));
                            break;
                        } catch (RuntimeException e) {
                            resends.incrementAndGet();
                            if (firstSendError == null) {
                                firstSendError = e.getMessage();
                            }
                            if (now() > hardDeadline) {
                                abandoned.add(key);
                                break;
                            }
                            if (attempt % 3 == 0) { // a producer that keeps failing: a new one, as after a restart
                                client.close();
                                client = new OrderRequests(bootstrap, topics);
                            }
                            Thread.sleep(500);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    /** The request's content: from the seed, the producer and the request's number only. */
    private Map<String, Object> request(String key, Random random) {
        Map<String, Object> request = Json.object();
        request.put("idempotency_key", key);
        request.put("seller", options.get("seller"));
        request.put("buyer", random.nextInt(20) == 0 ? GREEDY_BUYER : "buyer-" + random.nextInt(1000));
        int lines = 1 + random.nextInt(3);
        Map<String, Integer> chosen = new LinkedHashMap<>();
        for (int l = 0; l < lines; l++) {
            String sku = random.nextInt(100) == 0 ? UNKNOWN_SKU
                    : random.nextInt(3) == 0 ? hot.get(random.nextInt(hot.size()))
                    : cold.get(random.nextInt(cold.size()));
            chosen.putIfAbsent(sku, 1 + random.nextInt(3));
        }
        request.put("lines", chosen.entrySet().stream().map(e -> {
            Map<String, Object> line = Json.object();
            line.put("sku", e.getKey());
            line.put("quantity", e.getValue());
            return line;
        }).toList());
        request.put("requested_by", options.get("requested-by"));
        return request;
    }

    /** Reads every answer from the beginning of the results topic until told to stop. */
    private void listen(AtomicBoolean listening) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.orderResults(), Duration.ofSeconds(60))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (listening.get()) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(KEY_PREFIX)) {
                        answers.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>())
                                .add(Answer.of(record.value(), record.timestamp(), now()));
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("the results consumer failed: " + e);
        }
    }

    /** Samples the order-intake group's lag every 2 s, and prints a line every {@code reportEvery}. */
    private void readLag(AtomicBoolean listening, long reportEvery) {
        String group = topics.groupPrefix() + "order-intake";
        long lastReport = 0;
        long lastAcked = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000))) {
            while (listening.get()) {
                long lag = lag(admin, group);
                lastLag.set(lag);
                long at = now();
                timeline.add(new Sample(at / 1_000_000_000L, phaseNow, sent.size(), answers.size(), lag));
                if (at - lastReport >= reportEvery) {
                    long acked = sent.size();
                    System.out.printf(Locale.ROOT, "[%4d s] %-8s acknowledged %6d (%5.1f/s)  answered %6d  lag %s%n",
                            at / 1_000_000_000L, phaseNow, acked,
                            (acked - lastAcked) / ((at - lastReport) / 1e9), answers.size(),
                            lag < 0 ? "? (the broker did not answer)" : Long.toString(lag));
                    lastReport = at;
                    lastAcked = acked;
                }
                Thread.sleep(LAG_EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records of the request topic the order-intake group has not committed; -1 when the broker does not say. */
    private long lag(Admin admin, String group) {
        try {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of(topics.orderRequests())).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topics.orderRequests()).partitions().stream()
                    .map(p -> new TopicPartition(topics.orderRequests(), p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                var offset = committed.get(p);
                lag += ends.get(p).offset() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    private int summarise(long[] phaseStart, long producedUntil, long drained) throws IOException {
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("requests.tsv"),
                StandardCharsets.UTF_8))) {
            w.println("key\tphase\tfirst_try_ms\tacked_ms\tattempts\tanswers\tfirst_answer_ms\tstatus\treason\torder");
            new TreeMap<>(sent).forEach((key, s) -> {
                List<Answer> said = answers.getOrDefault(key, List.of());
                Answer first = said.isEmpty() ? null : said.get(0);
                w.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s%n", key, s.phase(), s.firstTry() / 1_000_000,
                        s.acked() / 1_000_000, s.attempts(), said.size(),
                        first == null ? "" : Long.toString(first.received() / 1_000_000),
                        first == null ? "" : first.status(), first == null ? "" : first.reason(),
                        first == null ? "" : first.order());
            });
        }
        System.out.println();
        System.out.println("=== driver summary");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            List<Map.Entry<String, Sent>> of = sent.entrySet().stream()
                    .filter(e -> e.getValue().phase().equals(phase.name())).toList();
            long[] placed = latencies(of, "PLACED");
            long[] all = latencies(of, null);
            Map<String, Long> outcomes = of.stream().map(e -> answers.getOrDefault(e.getKey(), List.of()))
                    .map(a -> a.isEmpty() ? "UNANSWERED" : a.get(0).status().equals("PLACED") ? "PLACED"
                            : "REFUSED " + a.get(0).reason())
                    .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
            long maxLag = timeline.stream().filter(s -> s.phase().equals(phase.name())).mapToLong(Sample::lag)
                    .max().orElse(-1);
            System.out.printf(Locale.ROOT, "phase %s: %d requests acknowledged in %d s = %.1f requests/s (asked"
                            + " %.0f/s); answers %s%n", phase.name(), of.size(), phase.seconds(),
                    of.size() / (double) phase.seconds(), phase.rate(), outcomes);
            System.out.printf(Locale.ROOT, "  answer latency (acknowledged -> answer received), PLACED: p50 %s p99 %s"
                            + " max %s; all answers: p50 %s p99 %s; highest order-intake lag %s%n",
                    ms(placed, 0.50), ms(placed, 0.99), ms(placed, 1.0), ms(all, 0.50), ms(all, 0.99),
                    maxLag < 0 ? "?" : Long.toString(maxLag));
        }
        System.out.printf(Locale.ROOT, "workers' pace while requests waited (answers/s over 10 s with a backlog):"
                + " highest %.1f, median %.1f%n", pace(1.0), pace(0.5));
        long unanswered = unanswered();
        long repeated = answers.values().stream().filter(a -> a.size() > 1).count();
        System.out.printf(Locale.ROOT, "overall: %d requests acknowledged over %.0f s (%.1f/s), %d sends repeated,"
                        + " %d abandoned, %d unanswered, %d answered more than once; every answer in %.1f s after"
                        + " production stopped%n", sent.size(), producedUntil / 1e9,
                sent.size() / (producedUntil / 1e9), resends.get(), abandoned.size(), unanswered, repeated,
                (drained - producedUntil) / 1e9);
        if (phases.size() > 1) {
            System.out.println("order-intake lag over time (s since start: lag), every 2 s:");
            System.out.println("  " + timeline.stream().filter(s -> s.second() * 1_000_000_000L >= phaseStart[1]
                            - TimeUnit.SECONDS.toNanos(6))
                    .map(s -> s.second() + ":" + (s.lag() < 0 ? "?" : Long.toString(s.lag())))
                    .collect(Collectors.joining(" ")));
        }
        System.out.println("RESULT driver requests=" + sent.size() + " unanswered=" + unanswered + " abandoned="
                + abandoned.size());
        return unanswered == 0 && abandoned.isEmpty() ? 0 : 1;
    }

    /** A percentile of the answers per second over 10 s windows (5 samples) throughout which the lag was positive. */
    private double pace(double p) {
        List<Double> rates = new ArrayList<>();
        for (int i = 5; i < timeline.size(); i++) {
            List<Sample> window = timeline.subList(i - 5, i + 1);
            if (window.stream().allMatch(s -> s.lag() > 0) && window.get(5).second() > window.get(0).second()) {
                rates.add((window.get(5).answered() - window.get(0).answered())
                        / (double) (window.get(5).second() - window.get(0).second()));
            }
        }
        if (rates.isEmpty()) {
            return 0;
        }
        rates.sort(null);
        return rates.get(Math.max(0, (int) Math.ceil(p * rates.size()) - 1));
    }

    /** Answer latencies (ns, sorted) of these requests whose first answer has this status (any: null). */
    private long[] latencies(List<Map.Entry<String, Sent>> requests, String status) {
        return requests.stream().flatMap(e -> {
            List<Answer> said = answers.getOrDefault(e.getKey(), List.of());
            if (said.isEmpty() || (status != null && !said.get(0).status().equals(status))) {
                return java.util.stream.Stream.empty();
            }
            return java.util.stream.Stream.of(said.get(0).received() - e.getValue().acked());
        }).mapToLong(Long::longValue).sorted().toArray();
    }

    static String ms(long[] sorted, double p) {
        return sorted.length == 0 ? "-" : OrderPlacementBenchmark.ms(OrderPlacementBenchmark.percentile(sorted, p));
    }

    private void sleepUntil(long at) throws InterruptedException {
        long left;
        while ((left = at - now()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }
}
