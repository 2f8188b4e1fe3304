package com.bazaar.domain.support;

import com.bazaar.domain.event.ProcessedEvents;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;

/**
 * Applies a consumer's effect of one event at most once: the effect and the consumer's {@code processed_events} row
 * commit in one transaction, so an event delivered again (at-least-once delivery, a replay, a rebalance) changes
 * nothing, and an effect that failed left no row and is applied when the event comes again.
 */
public final class ApplyOnce {

    /** What became of the event: applied now, or applied before (nothing changed). */
    public enum Result { APPLIED, DUPLICATE }

    private final Transactions transactions;
    private final ProcessedEvents processed;
    private final Clock clock;

    public ApplyOnce(Transactions transactions, ProcessedEvents processed, Clock clock) {
        this.transactions = transactions;
        this.processed = processed;
        this.clock = clock;
    }

    public Result apply(String consumer, String eventId, Runnable effect) {
        return transactions.inTransaction(() -> {
            if (!processed.claim(consumer, eventId, clock.instant())) {
                return Result.DUPLICATE;
            }
            effect.run();
            return Result.APPLIED;
        });
    }
}
