package com.bazaar.domain.order;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: when each order's reservations fall due, learnt from its {@code StockReserved} event by the
 * {@code reservations} consumer; the worker releases them when due. A schedule, not a business record: an entry for
 * an order that was paid or cancelled meanwhile is simply dropped when it falls due.
 */
public interface ReservationExpiries {

    /** An order whose reservations fall due at {@code at}. */
    record Due(OrderId order, Instant at) {
    }

    /** Schedules the release of the order's reservations at {@code at} (replacing an earlier schedule). */
    void schedule(OrderId order, Instant at);

    /**
     * The entry due first at {@code now}, locked until the transaction ends; entries another transaction holds are
     * skipped (two workers release different orders). Empty when nothing is due.
     */
    Optional<Due> nextDue(Instant now);

    /** Removes the order's entry (released, or nothing left to release). */
    void done(OrderId order);
}
