package com.bazaar.domain.shared;

import java.time.Duration;

/**
 * Too many requests of one kind from one subject (a buyer, a seller, a user) within the configured rate: nothing was
 * done; the same request may succeed after {@link #retryAfter()}. The command line's exit 7, the queue's
 * {@code REFUSED} with reason {@code RATE_LIMITED} and {@code retry_after}.
 */
public final class RateLimited extends DomainException {

    private final String scope;
    private final Duration retryAfter;

    public RateLimited(String scope, String subject, Duration retryAfter) {
        super("RATE_LIMITED", "busy or limited: too many requests for " + scope + " of " + subject
                + "; retry after " + seconds(retryAfter) + " s");
        this.scope = scope;
        this.retryAfter = retryAfter;
    }

    /** The limit that refused, e.g. {@code order.per-buyer}. */
    public String scope() {
        return scope;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds to wait, rounded up, at least 1. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
