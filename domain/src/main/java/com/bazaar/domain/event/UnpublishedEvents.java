package com.bazaar.domain.event;

import java.util.List;

/**
 * Port: the outbox rows not yet published, for the relay. Rows are read by "not yet published, lowest id first" and
 * never by "id greater than the last one seen": ids are allocated when a row is inserted, not when its transaction
 * commits, so a slower transaction can commit a lower id after a higher one was already read.
 */
public interface UnpublishedEvents {

    /** At most {@code limit} committed, unpublished rows, lowest id first. */
    List<OutboxMessage> oldest(int limit);

    /** Marks the rows published (in a transaction of its own); ids already marked stay as they are. */
    void markPublished(List<Long> ids, java.time.Instant publishedAt);

    /** How many rows wait, and since when the oldest of them. */
    OutboxBacklog backlog();
}
