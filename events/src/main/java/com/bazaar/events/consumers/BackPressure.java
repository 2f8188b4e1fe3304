package com.bazaar.events.consumers;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a consumer's records take too long - the database is slow: its pool makes them wait, locks are held, the
 * server is overloaded - the consumer stops taking more ({@link Worker} pauses its container: no more polls, the
 * partitions stay assigned, heartbeats go on) and the backlog waits in Kafka, where it costs nothing, instead of
 * piling more work onto the database. Slow means: a record in progress for longer than {@code slowAbove}, or the 99th
 * percentile of the last {@value #WINDOW} records' times above it (with at least {@value #MIN_SAMPLES} of them). After
 * {@code pauseFor} the consumer takes records again, with a fresh window: if the database is still slow it pauses
 * again at once; if not, it goes on by itself.
 */
final class BackPressure {

    static final int WINDOW = 100;
    static final int MIN_SAMPLES = 20;

    private final long slowAboveNanos;
    private final long pauseForNanos;
    private final Map<Thread, Long> inProgressSince = new ConcurrentHashMap<>();
    private final long[] times = new long[WINDOW];
    private int count;
    private int next;
    private volatile long pausedAt = -1;

    BackPressure(Duration slowAbove, Duration pauseFor) {
        this.slowAboveNanos = slowAbove.toNanos();
        this.pauseForNanos = pauseFor.toNanos();
    }

    /** A record's handling starts on this thread. */
    void started(long now) {
        inProgressSince.put(Thread.currentThread(), now);
    }

    /** This thread's record is handled (or failed). */
    void finished(long now) {
        Long since = inProgressSince.remove(Thread.currentThread());
        if (since != null) {
            synchronized (times) {
                times[next] = now - since;
                next = (next + 1) % WINDOW;
                count = Math.min(count + 1, WINDOW);
            }
        }
    }

    /** Whether the consumer should stop taking records now. */
    boolean slow(long now) {
        for (long since : inProgressSince.values()) {
            if (now - since > slowAboveNanos) {
                return true;
            }
        }
        return p99() > slowAboveNanos;
    }

    /** The 99th percentile of the window's times in nanoseconds, 0 with fewer than {@value #MIN_SAMPLES}. */
    long p99() {
        long[] sorted;
        synchronized (times) {
            if (count < MIN_SAMPLES) {
                return 0;
            }
            sorted = Arrays.copyOf(times, count);
        }
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
    }

    boolean paused() {
        return pausedAt >= 0;
    }

    /** Paused now: the window starts afresh (the times that made it pause are not held against the next try). */
    void pause(long now) {
        pausedAt = now;
        synchronized (times) {
            count = 0;
            next = 0;
        }
    }

    /** Whether a pause has lasted {@code pauseFor}. */
    boolean pauseOver(long now) {
        return pausedAt >= 0 && now - pausedAt >= pauseForNanos;
    }

    void resumed() {
        pausedAt = -1;
    }
}
