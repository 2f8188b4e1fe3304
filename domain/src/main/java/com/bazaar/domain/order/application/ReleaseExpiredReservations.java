package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Releases reservations whose time ran out: the unpaid order is cancelled and its stock returned. Batches of
 * orders, each in its own transaction. Nothing is skipped: each order is locked with {@code SELECT ... FOR UPDATE}
 * before it is expired, so a concurrent run waits on that lock, then sees the order no longer PLACED and leaves it.
 * Concurrent runs therefore never release the same stock twice.
 */
public final class ReleaseExpiredReservations {

    public record Result(int ordersExpired, int reservationsReleased) {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Orders orders;
    private final Reservations reservations;
    private final Payments payments;
    private final HeldStock held;
    private final Recorder recorder;
    private final Clock clock;

    public ReleaseExpiredReservations(OrderPorts ports) {
        this.transactions = ports.transactions();
        this.guard = ports.guard();
        this.orders = ports.orders();
        this.reservations = ports.reservations();
        this.payments = ports.payments();
        this.held = new HeldStock(ports);
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.clock = ports.clock();
    }

    public Result release(Actor actor) {
        guard.require(actor, Action.INVENTORY_RELEASE_EXPIRED, "reservations");
        int ordersExpired = 0;
        int released = 0;
        while (true) {
            var batch = transactions.inTransaction(() -> {
                var expired = reservations.expired(clock.instant(), 100);
                Set<OrderId> ids = new LinkedHashSet<>();
                expired.forEach(r -> ids.add(r.order()));
                int expiredOrders = 0;
                int releasedNow = 0;
                for (OrderId id : ids) {
                    int n = expire(actor, id);
                    if (n > 0) {
                        expiredOrders++;
                        releasedNow += n;
                    }
                }
                return new Result(expiredOrders, releasedNow);
            });
            ordersExpired += batch.ordersExpired();
            released += batch.reservationsReleased();
            if (batch.reservationsReleased() == 0) {
                return new Result(ordersExpired, released);
            }
        }
    }

    /**
     * Cancels one unpaid order whose reservations expired and returns how many reservations it released (0 when the
     * order was paid, cancelled or authorized meanwhile). In a transaction.
     */
    private int expire(Actor system, OrderId id) {
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
        var now = clock.instant();
        recorder.record(now, system, "order.expire", "order:" + id, before.snapshot(), after.snapshot(),
                expired.events());
        return released;
    }
}
