package com.bazaar.domain.order.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Transactions;

/**
 * Resolves an order by id and authorises the actor for it before the use case's transaction opens (an order's
 * seller never changes). A seller user asking for another seller's order gets exactly the answer a missing id gets
 * (not found, the same sentence), so order ids cannot be probed ({@link Guard#visible}).
 */
final class OrderAccess {

    private final Transactions transactions;
    private final Guard guard;
    private final Orders orders;
    private final Sellers sellers;

    OrderAccess(Transactions transactions, Guard guard, Orders orders, Sellers sellers) {
        this.transactions = transactions;
        this.guard = guard;
        this.orders = orders;
        this.sellers = sellers;
    }

    record Resolved(Order order, Seller seller) {
    }

    Resolved authorise(Actor actor, Action action, OrderId id) {
        String target = "order:" + id;
        guard.requireSome(actor, action, target);
        var found = transactions.inTransaction(() -> orders.byId(id)
                .map(o -> new Resolved(o, sellers.byId(o.seller()).orElseThrow())));
        return guard.visible(actor, action, target, found, r -> java.util.Optional.of(r.seller().id()),
                () -> new NotFound("ORDER_NOT_FOUND", "order " + id + " does not exist"));
    }
}
