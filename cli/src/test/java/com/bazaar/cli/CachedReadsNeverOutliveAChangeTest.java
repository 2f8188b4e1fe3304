package com.bazaar.cli;

import com.bazaar.cache.CacheSettings;
import com.bazaar.cache.ReadCache;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.postgres.Database;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis cache of {@code product show} and {@code price quote} (docs/failure_scenarios.md, "The cache"), with the
 * machine's real Redis: it answers (a change behind the ports' back stays unseen, which proves the reads come from
 * it); a command that changes a price or a discount is seen by the very next quote; a change made by a process
 * without the cache is evicted by the worker's cache-invalidation consumer from the relayed event, within seconds; and
 * a cache that refuses connections or hangs costs one short timeout and one warning, never an error or a wrong price.
 */
class CachedReadsNeverOutliveAChangeTest {

    @TempDir
    Path home;

    @Test
    void aPriceOrDiscountChangeIsSeenByTheNextQuoteOfTheProcessesThatUseTheCache() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 5);
        long seller = sellerId(bazaar);
        try (var redis = new TestRedis()) {
            Map<String, String> env = cacheEnv(redis);
            Path metrics = home.resolve("quote.prom");
            assertThat(quote(bazaar, env)).isEqualTo("20.00");
            assertThat(redis.keys()).contains(redis.prefix + ":v1:{" + seller + "}:gen",
                    redis.prefix + ":v1:{" + seller + "}:product:MUG", redis.prefix + ":v1:{" + seller + "}:discounts:all");
            assertThat(redis.get(redis.prefix + ":v1:{" + seller + "}:product:MUG")).contains("\"price\":\"10.00\"");

            // behind the ports' back: the cached product and the empty discount list still answer
            bazaar.jdbc.sql("UPDATE products SET price_minor = 1100 WHERE sku = 'MUG'").update();
            var cached = bazaar.cliWithEnv(env, bazaar.adminToken(), "--metrics-file", metrics.toString(), "--output",
                    "json", "price", "quote", "--seller", "ACME", "--line", "MUG:2");
            assertThat(compact(cached.out())).as(cached.toString()).contains("\"total\":\"20.00\",\"currency\"");
            assertThat(Files.readString(metrics)).contains("bazaar_cache_hits_total{kind=\"product\"} 1.0",
                    "bazaar_cache_hits_total{kind=\"discounts\"} 1.0", "bazaar_cache_misses_total{kind=\"product\"} 0.0",
                    "bazaar_cache_errors_total 0.0");
            assertThat(show(bazaar, env)).contains("\"price\":\"10.00\"");

            // through the use cases (and the import job): evicted when the change commits, so the next read sees it
            var set = bazaar.cliWithEnv(env, bazaar.adminToken(), "product", "price", "set", "--seller", "ACME", "--sku",
                    "MUG", "--price", "12.00");
            assertThat(set.exitCode()).as(set.toString()).isZero();
            assertThat(quote(bazaar, env)).isEqualTo("24.00");
            assertThat(show(bazaar, env)).contains("\"price\":\"12.00\"");

            var discount = bazaar.cliWithEnv(env, bazaar.adminToken(), "discount", "create", "--seller", "ACME",
                    "--all", "--percent", "10");
            assertThat(discount.exitCode()).as(discount.toString()).isZero();
            assertThat(quote(bazaar, env)).isEqualTo("21.60");

            Path catalog = home.resolve("catalog.csv");
            Files.writeString(catalog, "sku,title,price,quantity\nMUG,Product MUG,15.00,5\n");
            var imported = bazaar.cliWithEnv(env, bazaar.adminToken(), "job", "run", "catalog-import", "--seller",
                    "ACME", "--file", catalog.toString(), "--mode", "apply");
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(quote(bazaar, env)).as("after the import's commit").isEqualTo("27.00");

            var suspend = bazaar.cliWithEnv(env, bazaar.adminToken(), "product", "suspend", "--seller", "ACME",
                    "--sku", "MUG");
            assertThat(suspend.exitCode()).as(suspend.toString()).isZero();
            assertThat(show(bazaar, env)).contains("\"status\":\"SUSPENDED\"");
        }
    }

    @Test
    void aChangeByAProcessWithoutTheCacheIsEvictedByTheInvalidationConsumerWithinSeconds() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 5);
        String topicPrefix = TestKafka.unique("cache");
        Map<String, String> kafka = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(), "BAZAAR_KAFKA_TOPIC_PREFIX",
                topicPrefix);
        RelayPasses.untilAllPublished(bazaar, kafka);
        String sre = bazaar.user("wendy", Role.SRE, null);
        try (var redis = new TestRedis()) {
            Map<String, String> env = new HashMap<>(cacheEnv(redis));
            env.putAll(kafka);
            Path file = home.resolve("worker.prom");
            var worker = CompletableFuture.supplyAsync(() -> bazaar.cliWithEnv(env, sre, "--metrics-file",
                    file.toString(), "worker", "--only", "cache-invalidation", "--metrics-every", "1s",
                    "--run-for", "30s"));
            // the worker has read the events so far (the product's creation): nothing left before the change
            Eventually.within(Duration.ofSeconds(30), "the worker evicted for the events so far", () ->
                    read(file).contains("bazaar_consumer_lag{consumer=\"cache-invalidation\"} 0.0"));
            assertThat(quote(bazaar, env)).isEqualTo("20.00");

            // a process without the cache changes the price: it evicts nothing, the cache still has the old one
            var set = bazaar.cliWithEnv(kafka, bazaar.adminToken(), "product", "price", "set", "--seller", "ACME",
                    "--sku", "MUG", "--price", "12.00");
            assertThat(set.exitCode()).as(set.toString()).isZero();
            assertThat(quote(bazaar, env)).as("stale until the event comes").isEqualTo("20.00");

            RelayPasses.untilAllPublished(bazaar, kafka);
            long relayed = System.nanoTime();
            Eventually.within(Duration.ofSeconds(10), "the next quote shows the new price", () ->
                    quote(bazaar, env).equals("24.00"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - relayed);
            assertThat(seconds).as("from the relay to the eviction (docs: seconds, far below the TTL)").isLessThan(10);
            Eventually.within(Duration.ofSeconds(10), "the worker's file counts the eviction and its lag", () -> {
                String text = read(file);
                return text.contains("bazaar_cache_evictions_total{source=\"event\"}")
                        && text.contains("bazaar_cache_invalidation_lag_seconds_count")
                        && text.contains("bazaar_consumer_processed_total{consumer=\"cache-invalidation\","
                        + "outcome=\"applied\"}");
            });
            var run = worker.get(60, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
    }

    @Test
    void aCacheThatRefusesOrHangsCostsOneTimeoutAndOneWarningNeverAnErrorOrAWrongPrice() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 5);
        int closed;
        try (var free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        var refused = bazaar.cliWithEnv(Map.of("BAZAAR_CACHE", "redis://:s3cret-pw@127.0.0.1:" + closed), bazaar
                .adminToken(), "--output", "json", "price", "quote", "--seller", "ACME", "--line", "MUG:2");
        assertThat(refused.exitCode()).as(refused.toString()).isZero();
        assertThat(compact(refused.out())).contains("\"total\":\"20.00\",\"currency\"");
        assertThat(refused.err().lines().filter(l -> l.contains("cache")).toList()).as(refused.toString()).hasSize(1);
        assertThat(refused.err()).contains("redis://:****@127.0.0.1:" + closed).doesNotContain("s3cret-pw");

        try (var hung = new SilentServer()) {
            var env = Map.of("BAZAAR_CACHE", "redis://127.0.0.1:" + hung.port());
            var run = bazaar.cliWithEnv(env, bazaar.adminToken(), "--output", "json", "price", "quote", "--seller",
                    "ACME", "--line", "MUG:2");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(compact(run.out())).contains("\"total\":\"20.00\",\"currency\"");
            assertThat(run.err().lines().filter(l -> l.contains("cache")).toList()).as(run.toString()).hasSize(1);

            // one process, many quotes: after the first timeout the cache is left alone until its back-off passes
            List<String> warnings = new CopyOnWriteArrayList<>();
            var registry = new SimpleMeterRegistry();
            try (var cache = new ReadCache(CacheSettings.of("redis://127.0.0.1:" + hung.port(), Duration.ofMinutes(5)),
                    registry, warnings::add)) {
                var services = new Services(new Database(bazaar.db.dataSource()), bazaar.clock,
                        new SecureRandomSecrets(), Services.Settings.DEFAULTS, TestBazaar.anchoring(home),
                        Optional.of(cache));
                for (int i = 0; i < 50; i++) {
                    var quote = services.quotePrice().quote(bazaar.admin(), SellerCode.of("ACME"),
                            List.of(LineRequest.parse("MUG:2")));
                    assertThat(quote.total().decimal()).isEqualTo("20.00");
                }
                // without the back-off: two lookups per quote, each a timeout = 100 errors (and 20 s of waiting); with
                // it the cache is tried again only when its back-off (1 s, doubling) has passed: at most 5 times in the
                // 30 s that even a loaded machine takes for the run (counted, not timed)
                assertThat(warnings).hasSize(1);
                assertThat(registry.get("bazaar.cache.errors").counter().count()).as("calls to the hung cache")
                        .isBetween(1.0, 6.0);
            }
        }
    }

    @Test
    void aCacheThatComesBackIsUsedAgainByALongRunningProcessWithoutARestart() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 5);
        var redisUrl = java.net.URI.create(TestRedis.URL);
        try (var redis = new TestRedis();
             var proxy = new UnreachableDatabaseProxy(redisUrl.getHost(), redisUrl.getPort())) {
            List<String> warnings = new CopyOnWriteArrayList<>();
            var registry = new SimpleMeterRegistry();
            String url = proxy.url("redis://" + redisUrl.getHost() + ":" + redisUrl.getPort() + "/");
            try (var cache = new ReadCache(CacheSettings.of(url, Duration.ofMinutes(5))
                    .withInstallationPrefix(redis.prefix), registry, warnings::add)) {
                var services = new Services(new Database(bazaar.db.dataSource()), bazaar.clock,
                        new SecureRandomSecrets(), Services.Settings.DEFAULTS, TestBazaar.anchoring(home),
                        Optional.of(cache));
                Runnable quote = () -> assertThat(services.quotePrice().quote(bazaar.admin(), SellerCode.of("ACME"),
                        List.of(LineRequest.parse("MUG:2"))).total().decimal()).isEqualTo("20.00");
                quote.run(); // a miss, stored
                quote.run();
                assertThat(hits(registry)).isEqualTo(1.0);

                proxy.down(); // a restart or a network cut: open connections cut, new ones closed at once
                quote.run();
                quote.run();
                assertThat(warnings).hasSize(1);
                double hitsWhileDown = hits(registry);
                assertThat(hitsWhileDown).isEqualTo(1.0);

                proxy.up();
                Eventually.within(Duration.ofSeconds(10), "the cache answers again in the same process", () -> {
                    quote.run();
                    return hits(registry) > hitsWhileDown;
                });
                assertThat(warnings).as("one warning for the outage").hasSize(1);
            }
        }
    }

    private static double hits(SimpleMeterRegistry registry) {
        return registry.find("bazaar.cache.hits").tag("kind", "product").counter().count();
    }

    @Test
    void theCacheSettingIsShownWithItsPasswordMaskedAndABadOneIsRefusedWithoutPrintingIt() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        env.put("BAZAAR_CACHE", "redis://:s3cret-pw@cache-1:6379/2");
        var shown = TestBazaar.run(env, "config", "show", "--output", "json");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("redis://:****@cache-1:6379/2", "cache.ttl", "5m").doesNotContain("s3cret-pw");
        var flag = TestBazaar.run(env, "--cache", "redis://127.0.0.1:6380", "config", "show");
        assertThat(flag.out()).as(flag.toString()).contains("redis://127.0.0.1:6380");

        for (String bad : List.of("redis://s3cret-pw@cache-1:6379", "http://cache-1:6379", "redis://cache-1",
                "redis://:s3cret-pw@cache-1:6379/x?password=s3cret-pw")) {
            env.put("BAZAAR_CACHE", bad);
            var refused = TestBazaar.run(env, "config", "show");
            assertThat(refused.exitCode()).as(bad + ": " + refused).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).contains("cache.url");
            assertThat(refused.out() + refused.err()).doesNotContain("s3cret-pw");
        }
        env.put("BAZAAR_CACHE", "redis://127.0.0.1:6379");
        env.put("BAZAAR_CACHE_TTL", "0s");
        var ttl = TestBazaar.run(env, "config", "show");
        assertThat(ttl.exitCode()).as(ttl.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(ttl.err()).contains("cache.ttl must be a duration from 1s to 1d");
    }

    private static Map<String, String> cacheEnv(TestRedis redis) {
        return Map.of("BAZAAR_CACHE", TestRedis.URL, "BAZAAR_CACHE_KEY_PREFIX", redis.prefix);
    }

    private static long sellerId(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT id FROM sellers WHERE code = 'ACME'").query(Long.class).single();
    }

    /** The quote's total for two mugs, through the command line. */
    private static String quote(TestBazaar bazaar, Map<String, String> env) {
        var run = bazaar.cliWithEnv(env, bazaar.adminToken(), "--output", "json", "price", "quote", "--seller", "ACME",
                "--line", "MUG:2");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).doesNotContain("cache");
        var total = java.util.regex.Pattern.compile("\"total\":\"([0-9.]+)\",\"currency\"").matcher(compact(run.out()));
        assertThat(total.find()).as(run.toString()).isTrue();
        return total.group(1);
    }

    private static String show(TestBazaar bazaar, Map<String, String> env) {
        var run = bazaar.cliWithEnv(env, bazaar.adminToken(), "--output", "json", "product", "show", "--seller", "ACME",
                "--sku", "MUG");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return compact(run.out());
    }

    /** JSON output without its layout. */
    private static String compact(String json) {
        return json.replaceAll("\\s+", "");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Redis that hangs: it takes connections and never answers. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        held.add(listener.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
