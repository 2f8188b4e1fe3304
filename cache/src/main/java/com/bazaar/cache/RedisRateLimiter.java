package com.bazaar.cache;

import com.bazaar.domain.limits.Rate;
import com.bazaar.domain.limits.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link RateLimiter} on Bucket4j's Redis backend (lettuce, compare-and-swap): a take reads the bucket's state, computes
 * the new one and writes it only if nobody wrote in between (a Lua script), retrying otherwise - so every process of
 * the installation that uses the same Redis takes from the same buckets, atomically. Keys
 * {@code <prefix>limits:<bucket>} under the cache's prefix ({@code bazaar:v1:limits:order.per-buyer|10/min|B}); a key
 * expires once its bucket would be full again (10 s later). Time is this host's clock, as with the PostgreSQL backend.
 * <p>
 * A Redis that does not answer (refused, down, or hanging past the cache's timeout, {@link GuardedRedis}) is never the
 * caller's error: the take is answered by {@code fallback} - the PostgreSQL limiter - with one warning per outage, and
 * Redis is tried again after a back-off. The buckets are not copied between the two: during an outage a subject is
 * counted in PostgreSQL's bucket (full, or as that one was left), so at the switch it may get up to one bucket more.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** The part of every key after the installation's prefix. */
    public static final String KEY_PART = "limits:";

    private final GuardedRedis<byte[]> redis;
    private final RateLimiter fallback;
    private final String keyPrefix;
    // Bucket4j's proxy manager over the connection in use: built again when the connection was dropped and reopened
    private StatefulRedisConnection<String, byte[]> managedConnection;
    private LettuceBasedProxyManager<String> buckets;

    /**
     * @param redis    the rate-limit buckets' Redis ({@link #redis}); shared by the limiters of one process
     * @param fallback what answers while Redis does not: the PostgreSQL limiter
     */
    public RedisRateLimiter(GuardedRedis<byte[]> redis, RateLimiter fallback) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.keyPrefix = redis.settings().keyPrefix() + KEY_PART;
    }

    /**
     * The connection to the Redis of {@code settings} (the cache's URL, prefix and timeout) for rate-limit buckets,
     * opened at its first take; close it when the process ends.
     *
     * @param warnings where the one warning of an outage goes (the CLI: stderr)
     */
    public static GuardedRedis<byte[]> redis(CacheSettings settings, Consumer<String> warnings) {
        return new GuardedRedis<>(settings, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE),
                "the rate-limit store", "counting in PostgreSQL's buckets instead", warnings, () -> { });
    }

    /** The Redis key of a bucket. */
    public String key(String bucket) {
        return keyPrefix + bucket;
    }

    @Override
    public Decision tryTake(String key, Rate rate) {
        var configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(rate.permits()).refillGreedy(rate.permits(), rate.period())
                        .build())
                .build();
        return redis.<Decision>call(connection -> {
            var probe = buckets(connection).getProxy(key(key), () -> configuration).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? new Admitted() : new Limited(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }).orElseGet(() -> fallback.tryTake(key, rate));
    }

    private synchronized LettuceBasedProxyManager<String> buckets(StatefulRedisConnection<String, byte[]> connection) {
        if (connection != managedConnection) {
            Duration timeout = redis.settings().timeout();
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            Duration.ofSeconds(10)))
                    // a CAS loop under contention is several round trips: give the whole take a few timeouts
                    .requestTimeout(timeout.multipliedBy(5))
                    .build();
            managedConnection = connection;
        }
        return buckets;
    }
}
