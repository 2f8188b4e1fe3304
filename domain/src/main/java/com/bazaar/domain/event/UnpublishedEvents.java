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

    /**
     * {@link #oldest(int, java.util.Collection)} begun, not awaited: the caller sends the batch before meanwhile. By
     * default the rows are read here and now.
     */
    default Reading oldestLater(int limit, java.util.Collection<Long> inFlight) {
        List<OutboxMessage> rows = oldest(limit, inFlight);
        return () -> rows;
    }

    /** A read under way. */
    interface Reading {

        /** The rows, once read; throws when the read failed. */
        List<OutboxMessage> await();
    }

    /** Marks the rows published (in a transaction of its own); ids already marked stay as they are. */
    void markPublished(List<Long> ids, java.time.Instant publishedAt);

    /**
     * {@link #markPublished} begun, not awaited: the caller reads and sends meanwhile, then {@link Marking#awaitMarked}
     * before it counts the rows published. Until then the rows may still read as unpublished: the caller leaves them
     * out of its reads. By default the mark is made here and now.
     */
    default Marking markPublishedLater(List<Long> ids, java.time.Instant publishedAt) {
        markPublished(ids, publishedAt);
        return () -> { };
    }

    /** A mark under way. */
    interface Marking {

        /** Returns once the mark is committed; throws when it failed (the rows stay unpublished). */
        void awaitMarked();
    }

    /** How many rows wait, and since when the oldest of them. */
    OutboxBacklog backlog();
}
