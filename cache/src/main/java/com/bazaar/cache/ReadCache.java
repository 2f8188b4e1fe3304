package com.bazaar.cache;

import com.bazaar.domain.seller.SellerId;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Redis cache of one process: entries grouped by seller, each stored with the seller's <em>generation</em> at the
 * moment its reader looked - an entry counts only while its generation is the seller's current one, so setting a new
 * generation makes every entry of the seller stale at once, and an entry a reader filled from a database read that
 * raced a writer's commit is never served (the writer sets the new generation after its commit, so the filled entry
 * carries the old one). Keys: {@code <prefix>{<seller id>}:gen}, {@code <prefix>{<seller id>}:<kind>:<name>} (the
 * braces keep a seller's keys in one Redis Cluster slot for the scripts); every entry expires after the TTL.
 * <p>
 * A cache that does not answer - refused, timed out (connect and command timeout: {@link CacheSettings#timeout()}),
 * any error - is skipped: the call says "no answer" and the caller reads the database. The first failure prints one
 * warning; the cache is then not asked again until a back-off (1 s, doubling up to 30 s) has passed, so an outage
 * costs each command one timeout at most ({@link GuardedRedis}). Thread-safe.
 */
public final class ReadCache implements AutoCloseable {

    /** What a lookup found: the seller's generation and, by name, the entries that are current. */
    public record Found(String generation, Map<String, String> entries) {
    }

    /** The kinds of entries, for keys and for the metrics' {@code kind} tag. */
    public enum Kind {
        PRODUCT("product"), DISCOUNTS("discounts");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Where an eviction came from, for {@code bazaar_cache_evictions_total{source}}. */
    public enum Source { WRITER, EVENT }

    // the generation (created when missing, so a lost generation key never revives old entries) and the entries
    private static final String LOOKUP = """
            local g = redis.call('GET', KEYS[1])
            if not g then
              redis.call('SET', KEYS[1], ARGV[1])
              g = ARGV[1]
            end
            local r = {g}
            for i = 2, #KEYS do
              r[i] = redis.call('GET', KEYS[i])
            end
            return r
            """;
    private static final String STORE = """
            for i = 1, #KEYS do
              redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[1])
            end
            return #KEYS
            """;
    private static final char TAG_END = '\n';

    private final CacheSettings settings;
    private final MeterRegistry registry;
    private final GuardedRedis<String> redis;
    private final Timer invalidationLag;
    private final Counter errors;

    /**
     * Nothing is connected before the first call.
     *
     * @param warnings where the one warning of an outage goes (the CLI: stderr)
     */
    public ReadCache(CacheSettings settings, MeterRegistry registry, Consumer<String> warnings) {
        this.settings = settings;
        this.registry = registry;
        this.errors = Counter.builder("bazaar.cache.errors")
                .description("cache calls that failed or timed out (the database answered instead)").register(registry);
        this.redis = new GuardedRedis<>(settings, StringCodec.UTF8, "the cache", "reading from the database", warnings,
                errors::increment);
        this.invalidationLag = Timer.builder("bazaar.cache.invalidation.lag")
                .description("from a change's event to its eviction by the cache-invalidation consumer")
                .register(registry);
    }

    public CacheSettings settings() {
        return settings;
    }

    /**
     * The seller's current generation and those of the named entries that were stored under it; empty when the cache
     * does not answer. Counts a hit or a miss per name.
     */
    public Optional<Found> lookup(SellerId seller, Kind kind, List<String> names) {
        List<String> keys = new ArrayList<>(names.size() + 1);
        keys.add(generationKey(seller));
        names.forEach(name -> keys.add(key(seller, kind, name)));
        Optional<List<Object>> answer = call(redis -> redis.sync().eval(LOOKUP, ScriptOutputType.MULTI,
                keys.toArray(String[]::new), freshGeneration()));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        List<Object> values = answer.get();
        String generation = (String) values.get(0);
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Object value = i + 1 < values.size() ? values.get(i + 1) : null;
            if (value instanceof String stored) {
                int end = stored.indexOf(TAG_END);
                if (end > 0 && stored.substring(0, end).equals(generation)) {
                    entries.put(names.get(i), stored.substring(end + 1));
                }
            }
        }
        count("bazaar.cache.hits", "lookups the cache answered", kind, entries.size());
        count("bazaar.cache.misses", "lookups the database answered (absent, expired or stale entries)", kind,
                names.size() - entries.size());
        return Optional.of(new Found(generation, entries));
    }

    /**
     * The named entry of a lookup, read back with {@code form}; an entry that does not read (written by another
     * version, or damaged) counts as an error and is treated as absent: the database answers.
     */
    public <T> Optional<T> read(Found found, String name, Function<String, T> form) {
        String stored = found.entries().get(name);
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(form.apply(stored));
        } catch (RuntimeException unreadable) {
            errors.increment();
            org.slf4j.LoggerFactory.getLogger(ReadCache.class).debug("cache entry {} does not read: {}", name,
                    unreadable.toString());
            return Optional.empty();
        }
    }

    /** Stores entries under the generation their reader saw before reading the database; a failure is only counted. */
    public void store(SellerId seller, Kind kind, String generation, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(settings.ttl().toMillis()));
        entries.forEach((name, value) -> {
            keys.add(key(seller, kind, name));
            args.add(generation + TAG_END + value);
        });
        call(redis -> redis.sync().eval(STORE, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                args.toArray(String[]::new)));
    }

    /**
     * Makes every entry of the seller stale (a new generation). False when the cache did not answer: the entries may
     * be stale until their TTL ends, or until the cache-invalidation consumer evicts them.
     */
    public boolean invalidate(SellerId seller, Source source) {
        boolean done = call(redis -> redis.sync().set(generationKey(seller), freshGeneration())).isPresent();
        if (done) {
            Counter.builder("bazaar.cache.evictions").description("sellers whose cached entries were made stale")
                    .tag("source", source.name().toLowerCase()).register(registry).increment();
        }
        return done;
    }

    /** Records how long after the change (its event's time) the consumer evicted it. */
    public void evictedAfter(Instant occurredAt, Instant now) {
        Duration lag = Duration.between(occurredAt, now);
        invalidationLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** True unless the cache failed and its back-off has not passed yet. */
    public boolean available() {
        return redis.available();
    }

    String generationKey(SellerId seller) {
        return settings.keyPrefix() + "{" + seller.value() + "}:gen";
    }

    String key(SellerId seller, Kind kind, String name) {
        return settings.keyPrefix() + "{" + seller.value() + "}:" + kind.tag() + ":" + name;
    }

    private static String freshGeneration() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private void count(String name, String description, Kind kind, long n) {
        Counter counter = Counter.builder(name).description(description).tag("kind", kind.tag()).register(registry);
        if (n > 0) {
            counter.increment(n);
        }
    }

    private <T> Optional<T> call(Function<StatefulRedisConnection<String, String>, T> command) {
        return redis.call(command);
    }

    @Override
    public void close() {
        redis.close();
    }
}
