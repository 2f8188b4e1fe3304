package com.bazaar.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's Redis (127.0.0.1:6379, or {@code BAZAAR_TEST_REDIS}) as the cache tests use it: each test keeps its
 * keys under a prefix of its own ({@code BAZAAR_CACHE_KEY_PREFIX}) and removes them when it ends.
 */
final class TestRedis implements AutoCloseable {

    static final String URL = System.getenv().getOrDefault("BAZAAR_TEST_REDIS", "redis://127.0.0.1:6379");

    final String prefix = "test-" + UUID.randomUUID();
    private final RedisClient client = RedisClient.create(URL);
    private final StatefulRedisConnection<String, String> connection = client.connect();

    /** Skips the calling test, saying why, when the machine's Redis does not answer a PING within 2 s. */
    static void assumeAnswers() {
        RedisURI uri = RedisURI.create(URL);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient probe = RedisClient.create(uri);
        boolean answers;
        try (var connection = probe.connect()) {
            answers = "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            answers = false;
        } finally {
            probe.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        Assumptions.assumeTrue(answers, "the test Redis at " + URL + " does not answer: start redis-server on"
                + " 127.0.0.1:6379 or set BAZAAR_TEST_REDIS to run this test");
    }

    /** How long the key has left, in milliseconds (-1: no expiry, -2: no key). */
    long pttl(String key) {
        return connection.sync().pttl(key);
    }

    /** The keys of this test, e.g. {@code test-...:v1:{1}:product:MUG}. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    String get(String key) {
        return connection.sync().get(key);
    }

    @Override
    public void close() {
        List<String> keys = keys();
        if (!keys.isEmpty()) {
            connection.sync().del(keys.toArray(String[]::new));
        }
        connection.close();
        client.shutdown();
    }
}
