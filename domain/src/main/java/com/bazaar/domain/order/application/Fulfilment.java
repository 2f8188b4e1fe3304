package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.event.Transition;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;
import java.util.function.Function;

/**
 * Moves a paid order forward (ship, deliver): the order row locked, the move audited with its event; the view it
 * returns carries the order's payment, as {@link ShowOrder}'s does.
 */
final class Fulfilment {

    private final Transactions transactions;
    private final OrderAccess access;
    private final Orders orders;
    private final Payments payments;
    private final Recorder recorder;
    private final Clock clock;

    Fulfilment(OrderPorts ports) {
        this.transactions = ports.transactions();
        this.access = new OrderAccess(ports.transactions(), ports.guard(), ports.orders(), ports.sellers());
        this.orders = ports.orders();
        this.payments = ports.payments();
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.clock = ports.clock();
    }

    OrderChange move(Actor actor, OrderId id, OrderStatus wanted, Function<Order, Transition<Order, OrderEvent>> how,
                     String action) {
        var resolved = access.authorise(actor, Action.ORDER_FULFIL, id);
        return transactions.inTransaction(() -> {
            Order before = orders.byIdForUpdate(id).orElseThrow();
            if (before.status() == wanted) {
                return new OrderChange(new OrderView(resolved.seller().code(), before, payments.ofOrder(id)), false);
            }
            var moved = how.apply(before);
            Order after = moved.aggregate();
            orders.update(after);
            var now = clock.instant();
            recorder.record(now, actor, action, "order:" + id, before.snapshot(), after.snapshot(),
                    moved.events());
            return new OrderChange(new OrderView(resolved.seller().code(), after, payments.ofOrder(id)), true);
        });
    }
}
