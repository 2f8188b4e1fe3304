package com.bazaar.cache;

import com.bazaar.domain.seller.SellerId;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
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
 * costs each command one timeout at most. Thread-safe.
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

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

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
    private final Consumer<String> warnings;
    private RedisClient client;
    private final Timer invalidationLag;
    private final Counter errors;

    private StatefulRedisConnection<String, String> connection;
    private long retryAt = Long.MIN_VALUE;
    private Duration backoff = FIRST_BACKOFF;
    private boolean down;

    /**
     * Nothing is connected before the first call.
     *
     * @param warnings where the one warning of an outage goes (the CLI: stderr)
     */
    public ReadCache(CacheSettings settings, MeterRegistry registry, Consumer<String> warnings) {
        this.settings = settings;
        this.registry = registry;
        this.warnings = warnings;
        this.errors = Counter.builder("bazaar.cache.errors")
                .description("cache calls that failed or timed out (the database answered instead)").register(registry);
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
    public synchronized boolean available() {
        return retryAt == Long.MIN_VALUE || System.nanoTime() - retryAt >= 0;
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
        StatefulRedisConnection<String, String> redis;
        try {
            redis = connection();
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
        if (redis == null) {
            return Optional.empty();
        }
        try {
            T result = command.apply(redis);
            recovered();
            return Optional.of(result);
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
    }

    /** The connection, opened on first use; null while the back-off after a failure runs. */
    private synchronized StatefulRedisConnection<String, String> connection() {
        if (!available()) {
            return null;
        }
        if (client == null) {
            // created at the first use: a command that reads nothing cached never starts the client's threads
            RedisURI uri = RedisURI.create(settings.url().strip());
            uri.setTimeout(settings.timeout());
            client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                    .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                    // a lost connection is not reconnected behind our back (with Lettuce's own back-off, up to 30 s):
                    // it is dropped at the failure and opened again at the next try after this class's back-off
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
        }
        if (connection == null) {
            connection = client.connect(StringCodec.UTF8);
        }
        return connection;
    }

    private synchronized void recovered() {
        if (down) {
            down = false;
            org.slf4j.LoggerFactory.getLogger(ReadCache.class).info("the cache at {} answers again", settings.shown());
        }
        backoff = FIRST_BACKOFF;
        retryAt = Long.MIN_VALUE;
    }

    private synchronized void failed(RuntimeException e) {
        errors.increment();
        if (connection != null) {
            // refused, cut or hung: a new connection at the next try (commands still waiting on this one fail)
            connection.closeAsync();
            connection = null;
        }
        retryAt = System.nanoTime() + backoff.toNanos();
        if (!down) {
            down = true;
            warnings.accept("the cache at " + settings.shown() + " does not answer (" + reason(e)
                    + "): reading from the database, and trying the cache again from time to time");
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String line = message.lines().findFirst().orElse("");
        return com.bazaar.domain.shared.UrlCredentials.redact(line.length() > 200 ? line.substring(0, 200) : line);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
    }
}
