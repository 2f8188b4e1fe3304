package com.bazaar.domain.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The outbox rows not yet published: how many, and when the oldest of them happened (none when nothing waits). */
public record OutboxBacklog(long unpublished, Optional<Instant> oldestOccurredAt) {

    public OutboxBacklog {
        if (unpublished < 0) {
            throw new IllegalArgumentException("a backlog is never negative");
        }
        if ((unpublished == 0) != oldestOccurredAt.isEmpty()) {
            throw new IllegalArgumentException("an oldest event exists exactly when something waits");
        }
    }

    /** How long the oldest unpublished event has waited at {@code now} (zero when nothing waits, never negative). */
    public Duration oldestAge(Instant now) {
        return oldestOccurredAt.map(oldest -> Duration.between(oldest, now)).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }
}
