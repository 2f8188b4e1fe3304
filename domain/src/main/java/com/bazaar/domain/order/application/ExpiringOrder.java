package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;

/**
 * Expires one unpaid order whose reservations ran out: what the cron sweep ({@link ReleaseExpiredReservations}) and
 * the event-driven release ({@link ReleaseDueReservations}) share, so both expire an order the same way (the order
 * cancelled, its stock returned, audit {@code order.expire}, events {@code OrderCancelled} and
 * {@code ReservationExpired}). The order row is locked first ({@code SELECT ... FOR UPDATE}): whichever path comes
 * second waits, then finds the order no longer PLACED and changes nothing, so an order is never expired twice.
 */
final class ExpiringOrder {

    private final Orders orders;
    private final Reservations reservations;
    private final Payments payments;
    private final HeldStock held;
    private final Recorder recorder;
    private final Clock clock;

    ExpiringOrder(OrderPorts ports) {
        this.orders = ports.orders();
        this.reservations = ports.reservations();
        this.payments = ports.payments();
        this.held = new HeldStock(ports);
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.clock = ports.clock();
    }

    /**
     * Cancels the order if it is still unpaid and returns how many reservations it released (0 when the order was
     * paid, cancelled or authorized meanwhile). The caller has checked that its reservations expired. In a
     * transaction.
     */
    int expire(Actor system, OrderId id) {
        Order before = orders.byIdForUpdate(id).orElseThrow();
        var payment = payments.ofOrder(id);
        if (before.status() != OrderStatus.PLACED || payment.isPresent()
                && (payment.get().status() == PaymentStatus.AUTHORIZED || payment.get().status().inDoubt())) {
            return 0; // paid, cancelled, or the buyer has paid or may have: capture or void decides, not the clock
        }
        int released = reservations.heldBy(id).size();
        var expired = before.expire();
        Order after = expired.aggregate();
        orders.update(after);
        held.release(id, Reservations.State.EXPIRED);
        recorder.record(clock.instant(), system, "order.expire", "order:" + id, before.snapshot(), after.snapshot(),
                expired.events());
        return released;
    }
}
