package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.SellerLookup;

import java.util.List;
import java.util.Optional;

/** A seller's orders, newest first, with their payments (a seller user: only its own seller's). */
public final class ListOrders {

    private final Transactions transactions;
    private final SellerLookup sellerLookup;
    private final Orders orders;
    private final Payments payments;

    public ListOrders(OrderPorts ports) {
        this.transactions = ports.transactions();
        this.sellerLookup = new SellerLookup(ports.guard(), ports.transactions(), ports.sellers());
        this.orders = ports.orders();
        this.payments = ports.payments();
    }

    public List<OrderView> list(Actor actor, SellerCode sellerCode, Optional<OrderStatus> status, int limit) {
        var seller = sellerLookup.authorise(actor, Action.ORDER_VIEW, sellerCode);
        return transactions.readOnly(() -> orders.ofSeller(seller.id(), status, limit).stream()
                .map(o -> new OrderView(seller.code(), o, payments.ofOrder(o.id()))).toList());
    }
}
