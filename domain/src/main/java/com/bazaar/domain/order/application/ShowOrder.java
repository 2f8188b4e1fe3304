package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.shared.Transactions;

/** One order with its payment; another seller's order looks exactly like a missing one to a seller user. */
public final class ShowOrder {

    private final Transactions transactions;
    private final OrderAccess access;
    private final Payments payments;

    public ShowOrder(OrderPorts ports) {
        this.transactions = ports.transactions();
        this.access = new OrderAccess(ports.transactions(), ports.guard(), ports.orders(), ports.sellers());
        this.payments = ports.payments();
    }

    public OrderView show(Actor actor, OrderId id) {
        var resolved = access.authorise(actor, Action.ORDER_VIEW, id);
        return new OrderView(resolved.seller().code(), resolved.order(),
                transactions.inTransaction(() -> payments.ofOrder(id)));
    }
}
