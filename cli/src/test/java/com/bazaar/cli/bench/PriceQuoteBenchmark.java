package com.bazaar.cli.bench;

import com.bazaar.cache.CacheSettings;
import com.bazaar.cache.ReadCache;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.pricing.application.CreateDiscount;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.embedded.EmbeddedPostgresServer;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code price quote} in-process with and without the Redis cache (scripts/bench/price-quote.sh): C client threads
 * call {@code QuotePrice} for D seconds each way (after a warm-up), every call pricing L lines of random SKUs of one
 * seller with a discount rule; prints calls/s both ways and the ratio. The same services, database and JVM; only the
 * products and discounts ports differ. Redis: {@code BAZAAR_TEST_REDIS} or 127.0.0.1:6379, keys under a prefix of
 * the run, deleted at the end.
 */
public final class PriceQuoteBenchmark {

    record Options(int clients, int seconds, int lines, int products) {
        static Options parse(String[] args) {
            int clients = 4;
            int seconds = 10;
            int lines = 3;
            int products = 1000;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--lines" -> lines = Integer.parseInt(value);
                    case "--products" -> products = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("usage");
                }
                i++;
            }
            if (clients < 1 || seconds < 1 || lines < 1 || lines > 100 || products < lines) {
                throw new IllegalArgumentException("clients, seconds >= 1; lines 1 to 100; products >= lines");
            }
            return new Options(clients, seconds, lines, products);
        }
    }

    private static final String REDIS = System.getenv().getOrDefault("BAZAAR_TEST_REDIS", "redis://127.0.0.1:6379");

    public static void main(String[] args) {
        Options options = OrderPlacementBenchmark.parseOrExit(() -> Options.parse(args),
                "PriceQuoteBenchmark [--clients C] [--seconds D] [--lines L] [--products P]");
        int exit = OrderPlacementBenchmark.exitCode(() -> OrderPlacementBenchmark.onFreshServer(
                server -> run(server, options)));
        System.out.println("benchmark finished");
        System.out.flush();
        System.exit(exit);
    }

    private static int run(EmbeddedPostgresServer server, Options options) throws Exception {
        OrderPlacementBenchmark.migrate(server.ensureRunning(EmbeddedPostgresServer.Login.OWNER));
        String installation = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        try (var pool = OrderPlacementBenchmark.pool(server.ensureRunning(EmbeddedPostgresServer.Login.APP),
                options.clients() + 2);
             var cache = new ReadCache(CacheSettings.of(REDIS, Duration.ofMinutes(5))
                     .withInstallationPrefix(installation), new SimpleMeterRegistry(),
                     warning -> System.err.println("warning: " + warning))) {
            Services uncached = OrderPlacementBenchmark.services(server, pool);
            Actor admin = OrderPlacementBenchmark.initialise(uncached);
            SellerCode seller = SellerCode.of("BENCH");
            List<Sku> skus = OrderPlacementBenchmark.sellerWithProducts(uncached, admin, seller, options.products(), 0);
            uncached.createDiscount().create(new CreateDiscount.Command(admin, Optional.empty(), seller,
                    Optional.empty(), Optional.empty(), true, Optional.of("10"), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            var keys = server.dataDirectory().getParent();
            Services cached = new Services(new Database(pool), Clock.systemUTC(), new SecureRandomSecrets(),
                    Services.Settings.DEFAULTS, new com.bazaar.domain.audit.AuditAnchoring(
                    new com.bazaar.cli.audit.AuditKeyFile(keys.resolve("audit.key")),
                    new com.bazaar.cli.audit.AnchorFile(keys.resolve("audit.anchors"), false)), Optional.of(cache));
            System.out.printf(Locale.ROOT, "machine: nproc=%d, load average %.2f, java %s; PostgreSQL embedded;"
                            + " Redis %s; %d clients, %d lines of %d products per quote, %d s each way%n",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"), REDIS, options.clients(), options.lines(), options.products(),
                    options.seconds());
            try {
                double[] rates = new double[2];
                String[] names = {"uncached", "cached"};
                Services[] ways = {uncached, cached};
                for (int way = 0; way < 2; way++) {
                    quotes(ways[way], admin, seller, skus, options, Math.max(2, options.seconds() / 3));
                    rates[way] = quotes(ways[way], admin, seller, skus, options, options.seconds());
                    System.out.printf(Locale.ROOT, "%s: %.0f calls/s%n", names[way], rates[way]);
                }
                System.out.printf(Locale.ROOT, "RESULT price-quote clients=%d lines=%d uncached calls/s=%.0f"
                        + " cached calls/s=%.0f ratio=%.2f%n", options.clients(), options.lines(), rates[0], rates[1],
                        rates[1] / rates[0]);
                return cache.available() ? 0 : 1;
            } finally {
                deleteKeys(installation);
            }
        }
    }

    /** C threads quoting for the given time; the calls per second of all of them. */
    private static double quotes(Services services, Actor admin, SellerCode seller, List<Sku> skus, Options options,
                                 int seconds) throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            Thread t = new Thread(() -> {
                var random = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        List<LineRequest> lines = new ArrayList<>();
                        java.util.Set<Integer> picked = new java.util.HashSet<>();
                        while (picked.size() < options.lines()) {
                            picked.add(random.nextInt(skus.size()));
                        }
                        picked.forEach(i -> lines.add(LineRequest.parse(skus.get(i).value() + ":1")));
                        services.quotePrice().quote(admin, seller, lines);
                        calls.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "quote-" + c);
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a quote failed", failures.get(0));
        }
        return calls.get() / elapsed;
    }

    private static void deleteKeys(String installation) {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            var keys = connection.sync().keys(installation + ":*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
