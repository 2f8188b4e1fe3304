package com.bazaar.domain.limits;

import java.time.Duration;

/**
 * Port: token buckets held where every process of the installation sees the same ones (the database, or Redis), so
 * that a limit holds across processes and hosts. Called outside any transaction of the caller.
 */
public interface RateLimiter {

    /** What the bucket said. */
    sealed interface Decision permits Admitted, Limited {
    }

    /** A token was taken. */
    record Admitted() implements Decision {
    }

    /** No token left: nothing was taken; one will be there after {@code retryAfter}. */
    record Limited(Duration retryAfter) implements Decision {
    }

    /**
     * Takes one token from the bucket {@code key}, which holds {@code rate.permits()} tokens refilled over
     * {@code rate.period()} (a bucket seen for the first time is full).
     */
    Decision tryTake(String key, Rate rate);
}
