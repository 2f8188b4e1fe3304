package com.bazaar.cli;

import com.bazaar.cache.CacheSettings;
import com.bazaar.cache.GuardedRedis;
import com.bazaar.cache.RedisRateLimiter;
import com.bazaar.domain.limits.Rate;
import com.bazaar.domain.limits.RateLimiter;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.PostgresRateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit buckets in Redis ({@code limits.store: redis}, docs/rate_limits.md) against the machine's real Redis
 * (127.0.0.1:6379, or {@code BAZAAR_TEST_REDIS}; skipped when it does not answer): 16 limiters, each with its own
 * connection as 16 processes would have, get no more than the bucket's 5 tokens between them; a Redis that refuses or
 * hangs never fails a take - PostgreSQL's buckets answer and still enforce the limit, with one warning; and the command
 * line with {@code BAZAAR_LIMITS_STORE=redis} refuses the order over the limit with exit 7, or starts no command at all
 * (exit 2) without a cache URL.
 */
class RateLimitsInRedisCannotBeOutrunTest {

    private static final int PROCESSES = 16;
    private static final Rate FIVE_AN_HOUR = Rate.parse("5/h");

    @TempDir
    Path home;

    @Test
    void sixteenProcessesSharingTheRedisBucketGetNoMoreThanItsFive() throws Exception {
        TestRedis.assumeAnswers();
        try (var redis = new TestRedis()) {
            // a generous timeout: this test is about sharing the bucket, not about a slow Redis
            var settings = CacheSettings.of(TestRedis.URL, Duration.ofMinutes(5)).withInstallationPrefix(redis.prefix)
                    .withTimeout(Duration.ofSeconds(2));
            AtomicInteger fellBack = new AtomicInteger();
            RateLimiter neverAsked = (key, rate) -> {
                fellBack.incrementAndGet();
                return new RateLimiter.Admitted();
            };
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            List<GuardedRedis<byte[]>> connections = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                connections.add(RedisRateLimiter.redis(settings, warnings::add));
            }
            String bucket = "order.per-buyer|5/h|flooder";
            try {
                var outcomes = Concurrently.run(PROCESSES, i -> () -> {
                    var limiter = new RedisRateLimiter(connections.get(i), neverAsked);
                    List<RateLimiter.Decision> decisions = new ArrayList<>();
                    for (int take = 0; take < 2; take++) {
                        decisions.add(limiter.tryTake(bucket, FIVE_AN_HOUR));
                    }
                    return decisions;
                });
                List<RateLimiter.Decision> all = new ArrayList<>();
                outcomes.forEach(o -> {
                    assertThat(o.failure()).as("no take fails").isNull();
                    all.addAll(o.value());
                });
                assertThat(warnings).as("Redis answered every take").isEmpty();
                assertThat(fellBack).as("PostgreSQL was never asked").hasValue(0);
                assertThat(all).hasSize(2 * PROCESSES);
                assertThat(all).filteredOn(RateLimiter.Admitted.class::isInstance).as("admitted across 16 connections")
                        .hasSize(5);
                assertThat(all).filteredOn(d -> !(d instanceof RateLimiter.Admitted)).hasSize(2 * PROCESSES - 5)
                        .allSatisfy(d -> assertThat(((RateLimiter.Limited) d).retryAfter()).isPositive()
                                .isLessThanOrEqualTo(Duration.ofMinutes(12)));
            } finally {
                connections.forEach(GuardedRedis::close);
            }
            String key = redis.prefix + ":v1:limits:" + bucket;
            assertThat(redis.keys()).containsExactly(key);
            // it expires once the bucket would be full again: an hour to refill 5 of 5/h, plus 10 s
            assertThat(redis.pttl(key)).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).plusSeconds(10).toMillis());
        }
    }

    @Test
    void aRedisThatRefusesOrHangsIsReplacedByPostgresBucketsWithOneWarning() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        var postgres = new PostgresRateLimiter(new Database(bazaar.db.dataSource()));
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        // a server that takes connections (the kernel's backlog) and never answers
        try (var hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (String url : List.of("redis://127.0.0.1:" + closed, "redis://127.0.0.1:" + hung.getLocalPort())) {
                List<String> warnings = new ArrayList<>();
                try (var redis = RedisRateLimiter.redis(CacheSettings.of(url, Duration.ofMinutes(5)), warnings::add)) {
                    var limiter = new RedisRateLimiter(redis, postgres);
                    String bucket = "order.per-buyer|5/h|" + url;
                    List<RateLimiter.Decision> decisions = new ArrayList<>();
                    for (int take = 0; take < 6; take++) {
                        decisions.add(limiter.tryTake(bucket, FIVE_AN_HOUR));
                    }
                    assertThat(decisions.subList(0, 5)).as(url).allMatch(RateLimiter.Admitted.class::isInstance);
                    assertThat(decisions.get(5)).as("the 6th take on 5/h, counted in PostgreSQL")
                            .isInstanceOfSatisfying(RateLimiter.Limited.class,
                                    l -> assertThat(l.retryAfter()).isPositive());
                    assertThat(bazaar.jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id = ?").param(bucket)
                            .query(Long.class).single()).as("PostgreSQL's bucket").isEqualTo(1);
                    assertThat(warnings).as("one warning per outage").singleElement().asString()
                            .startsWith("the rate-limit store at " + url + " does not answer (")
                            .endsWith("): counting in PostgreSQL's buckets instead, and trying the rate-limit store"
                                    + " again from time to time");
                }
            }
        }
    }

    @Test
    void theCommandLineWithRedisBucketsRefusesTheOrderOverTheLimitWithExitSeven() {
        TestRedis.assumeAnswers();
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100);
        try (var redis = new TestRedis()) {
            Map<String, String> env = Map.of("BAZAAR_LIMITS_STORE", "redis", "BAZAAR_CACHE", TestRedis.URL,
                    "BAZAAR_CACHE_KEY_PREFIX", redis.prefix, "BAZAAR_LIMITS_ORDER_PER_BUYER", "2/h");
            for (int i = 0; i < 2; i++) {
                var placed = order(bazaar, env, "redis-" + i);
                assertThat(placed.exitCode()).as(placed.toString()).isZero();
            }
            var refused = order(bazaar, env, "redis-2");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BUSY);
            assertThat(refused.err()).startsWith("error: busy or limited: too many requests for order.per-buyer of"
                    + " flooder; retry after ");
            assertThat(redis.keys()).as("the bucket is Redis's").containsExactly(redis.prefix
                    + ":v1:limits:order.per-buyer|2/h|flooder");
            assertThat(bazaar.jdbc.sql("SELECT count(*) FROM rate_limit_buckets").query(Long.class).single())
                    .as("not PostgreSQL's").isZero();
            assertThat(bazaar.jdbc.sql("SELECT count(*) FROM orders WHERE buyer = 'flooder'").query(Long.class)
                    .single()).isEqualTo(2);
        }

        var noCache = order(bazaar, Map.of("BAZAAR_LIMITS_STORE", "redis", "BAZAAR_LIMITS_ORDER_PER_BUYER", "2/h"),
                "no-cache");
        assertThat(noCache.exitCode()).as(noCache.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(noCache.err()).isEqualTo("error: limits.store is 'redis' (from environment) but no Redis is"
                + " configured: set cache.url (--cache, BAZAAR_CACHE) to the Redis that holds the buckets, or"
                + " limits.store to 'postgres'\n");
    }

    private static TestBazaar.Run order(TestBazaar bazaar, Map<String, String> env, String key) {
        return bazaar.cliWithEnv(env, bazaar.adminToken(), "order", "place", "--idempotency-key", key, "--buyer",
                "flooder", "--seller", "ACME", "--line", "MUG:1");
    }
}
