package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.order.ReservationExpiries;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Releases the reservations of the orders whose scheduled expiry ({@link ScheduleReservationExpiry}, from
 * {@code StockReserved} events) is due at the clock's time: the worker's loop of the {@code reservations} consumer.
 * One order per transaction: its schedule entry is locked (another worker skips it), then the order expires as the
 * sweep would expire it ({@link ExpiringOrder}: same rule, audit and events; an order paid, authorized or cancelled
 * meanwhile is left alone) and the entry is removed. An order whose held reservations do not all run out yet is
 * scheduled again at the latest of them. The sweep ({@link ReleaseExpiredReservations}) stays the safety net; both
 * lock the order row first, so an order is never expired twice.
 */
public final class ReleaseDueReservations {

    /** Orders expired and reservations released by one call. */
    public record Result(int ordersExpired, int reservationsReleased) {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final ReservationExpiries expiries;
    private final Reservations reservations;
    private final ExpiringOrder expiring;
    private final Clock clock;

    public ReleaseDueReservations(OrderPorts ports, ReservationExpiries expiries) {
        this.transactions = ports.transactions();
        this.guard = ports.guard();
        this.expiries = expiries;
        this.reservations = ports.reservations();
        this.expiring = new ExpiringOrder(ports);
        this.clock = ports.clock();
    }

    /** Refuses (and audits) an actor that may not release reservations: checked once when a worker starts. */
    public void authoriseWorker(Actor worker) {
        guard.require(worker, Action.INVENTORY_RELEASE_EXPIRED, "reservations");
    }

    /** Releases every order due now, one per transaction, until none is due. */
    public Result release(Actor actor) {
        guard.require(actor, Action.INVENTORY_RELEASE_EXPIRED, "reservations");
        int orders = 0;
        int released = 0;
        while (true) {
            Optional<Integer> step = transactions.inTransaction(() -> releaseNext(actor));
            if (step.isEmpty()) {
                return new Result(orders, released);
            }
            if (step.get() > 0) {
                orders++;
                released += step.get();
            }
        }
    }

    /** Empty when nothing is due; else the reservations released for the next due order (maybe 0). */
    private Optional<Integer> releaseNext(Actor actor) {
        Instant now = clock.instant();
        Optional<ReservationExpiries.Due> due = expiries.nextDue(now);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        var order = due.get().order();
        Optional<Instant> latest = reservations.heldBy(order).stream().map(Reservations.Held::expiresAt)
                .max(Comparator.naturalOrder());
        if (latest.isPresent() && latest.get().isAfter(now)) {
            expiries.schedule(order, latest.get()); // not all of its stock ran out yet
            return Optional.of(0);
        }
        int released = latest.isPresent() ? expiring.expire(actor, order) : 0;
        expiries.done(order);
        return Optional.of(released);
    }
}
