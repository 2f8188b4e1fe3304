package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Releases reservations whose time ran out: the unpaid order is cancelled and its stock returned
 * ({@link ExpiringOrder}). The sweep of {@code inventory release-expired} and {@code serve}, the safety net of the
 * event-driven {@link ReleaseDueReservations}. Batches of orders, each in its own transaction. Nothing is skipped:
 * each order is locked with {@code SELECT ... FOR UPDATE} before it is expired, so a concurrent run waits on that lock, then sees the order no longer PLACED and leaves it.
 * Concurrent runs therefore never release the same stock twice.
 */
public final class ReleaseExpiredReservations {

    public record Result(int ordersExpired, int reservationsReleased) {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Reservations reservations;
    private final ExpiringOrder expiring;
    private final Clock clock;

    public ReleaseExpiredReservations(OrderPorts ports) {
        this.transactions = ports.transactions();
        this.guard = ports.guard();
        this.reservations = ports.reservations();
        this.expiring = new ExpiringOrder(ports);
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
                    int n = expiring.expire(actor, id);
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
}
