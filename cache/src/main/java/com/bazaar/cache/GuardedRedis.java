package com.bazaar.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One process's connection to a Redis that may not answer, for a user that has something else to do then (the read
 * cache reads the database, the rate limiter counts in PostgreSQL's buckets). A call that fails - refused, timed out
 * (connect and command timeout: {@link CacheSettings#timeout()}), any error - answers "no answer"; the first failure
 * of an outage prints one warning; Redis is then not asked again until a back-off (1 s, doubling up to 30 s) has
 * passed, so an outage costs each command one timeout at most. A lost connection is dropped at the failure and opened
 * anew at the next try. Nothing is connected before the first call. Thread-safe.
 *
 * @param <V> the values' type of the connection's codec (keys are text)
 */
public final class GuardedRedis<V> implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CacheSettings settings;
    private final RedisCodec<String, V> codec;
    private final String what;
    private final String instead;
    private final Consumer<String> warnings;
    private final Runnable counted;

    private RedisClient client;
    private StatefulRedisConnection<String, V> connection;
    private long retryAt = Long.MIN_VALUE;
    private Duration backoff = FIRST_BACKOFF;
    private boolean down;

    /**
     * @param what     what this Redis is to its user, for the warning: {@code the cache}
     * @param instead  what the user does while it does not answer: {@code reading from the database}
     * @param warnings where the one warning of an outage goes (the CLI: stderr)
     * @param failed   told of every failed call (a counter)
     */
    public GuardedRedis(CacheSettings settings, RedisCodec<String, V> codec, String what, String instead,
                        Consumer<String> warnings, Runnable failed) {
        this.settings = settings;
        this.codec = codec;
        this.what = what;
        this.instead = instead;
        this.warnings = warnings;
        this.counted = failed;
    }

    public CacheSettings settings() {
        return settings;
    }

    /** True unless a call failed and its back-off has not passed yet. */
    public synchronized boolean available() {
        return retryAt == Long.MIN_VALUE || System.nanoTime() - retryAt >= 0;
    }

    /** The command's answer; empty when Redis did not answer or its back-off runs (nothing was asked then). */
    public <T> Optional<T> call(Function<StatefulRedisConnection<String, V>, T> command) {
        StatefulRedisConnection<String, V> redis;
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
    private synchronized StatefulRedisConnection<String, V> connection() {
        if (!available()) {
            return null;
        }
        if (client == null) {
            // created at the first use: a command that never needs Redis never starts the client's threads
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
            connection = client.connect(codec);
        }
        return connection;
    }

    private synchronized void recovered() {
        if (down) {
            down = false;
            org.slf4j.LoggerFactory.getLogger(GuardedRedis.class).info("{} at {} answers again", what,
                    settings.shown());
        }
        backoff = FIRST_BACKOFF;
        retryAt = Long.MIN_VALUE;
    }

    private synchronized void failed(RuntimeException e) {
        counted.run();
        if (connection != null) {
            // refused, cut or hung: a new connection at the next try (commands still waiting on this one fail)
            connection.closeAsync();
            connection = null;
        }
        retryAt = System.nanoTime() + backoff.toNanos();
        if (!down) {
            down = true;
            warnings.accept(what + " at " + settings.shown() + " does not answer (" + reason(e) + "): " + instead
                    + ", and trying " + what + " again from time to time");
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
