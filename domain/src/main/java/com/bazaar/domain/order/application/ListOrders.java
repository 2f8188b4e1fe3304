package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
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
        return list(actor, sellerCode, new Orders.Filter(status, Optional.empty(), Optional.empty()),
                PageRequest.first(limit)).items();
    }

    /** A page of the seller's orders matching the filter, newest first. */
    public Page<OrderView> list(Actor actor, SellerCode sellerCode, Orders.Filter filter, PageRequest page) {
        var seller = sellerLookup.authorise(actor, Action.ORDER_VIEW, sellerCode);
        return transactions.readOnly(() -> orders.ofSeller(seller.id(), filter, page)
                .map(o -> new OrderView(seller.code(), o, payments.ofOrder(o.id()))));
    }
}
