package com.bazaar.domain.event;

import java.util.List;

/**
 * Port: the outbox rows not yet published, for the relay. Rows are read by "not yet published, lowest id first" and
 * never by "id greater than the last one seen": ids are allocated when a row is inserted, not when its transaction
 * commits, so a slower transaction can commit a lower id after a higher one was already read.
 */
public interface UnpublishedEvents {

    /** At most {@code limit} committed, unpublished rows, lowest id first. */
    default List<OutboxMessage> oldest(int limit) {
        return oldest(limit, List.of());
    }

    /**
     * At most {@code limit} committed, unpublished rows, lowest id first, leaving out {@code inFlight}: rows already
     * sent whose mark is still to come.
     */
    List<OutboxMessage> oldest(int limit, java.util.Collection<Long> inFlight);

    /** Marks the rows published (in a transaction of its own); ids already marked stay as they are. */
    void markPublished(List<Long> ids, java.time.Instant publishedAt);

    /** How many rows wait, and since when the oldest of them. */
    OutboxBacklog backlog();
}
