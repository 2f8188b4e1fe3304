package com.bazaar.domain.event;

import java.time.Instant;

/**
 * Port: what each consumer has applied, one row per (consumer, event id). {@link #claim} runs inside the transaction
 * of the consumer's effect, so the row exists exactly when the effect committed: an event delivered again finds it.
 */
public interface ProcessedEvents {

    /**
     * Records that the consumer applies the event now; false when it already had (the caller then changes nothing).
     * A concurrent claim of the same pair waits for the first transaction and then answers false.
     */
    boolean claim(String consumer, String eventId, Instant at);

    /** Forgets everything the consumer applied: the first step of rebuilding its state from the beginning. */
    void forget(String consumer);
}
