package com.bazaar.domain.order.application;

import com.bazaar.domain.event.ProcessedEvents;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.ReservationExpiries;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.ApplyOnce;

import java.time.Clock;

/**
 * The {@code reservations} consumer's effect: a {@code StockReserved} event schedules the release of its order's
 * reservations at its {@code expiresAt} ({@link ReservationExpiries}), in the transaction of the consumer's
 * {@code processed_events} row ({@link ApplyOnce}). {@link ReleaseDueReservations} releases them when due.
 */
public final class ScheduleReservationExpiry {

    /** The consumer's name, in {@code processed_events}, metrics and {@code bazaar worker --only}. */
    public static final String CONSUMER = "reservations";

    private final ReservationExpiries expiries;
    private final ApplyOnce once;

    public ScheduleReservationExpiry(Transactions transactions, ProcessedEvents processed, ReservationExpiries expiries,
                                     Clock clock) {
        this.expiries = expiries;
        this.once = new ApplyOnce(transactions, processed, clock);
    }

    public ApplyOnce.Result apply(String eventId, OrderEvent.StockReserved reserved) {
        return once.apply(CONSUMER, eventId, () -> expiries.schedule(reserved.order(), reserved.expiresAt()));
    }
}
