package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;

/** Marks a shipped order delivered (the order's own transition decides whether it may be). */
public final class DeliverOrder {

    private final Fulfilment fulfilment;

    public DeliverOrder(OrderPorts ports) {
        this.fulfilment = new Fulfilment(ports);
    }

    public OrderChange deliver(Actor actor, OrderId id) {
        return fulfilment.move(actor, id, OrderStatus.DELIVERED, Order::deliver, "order.deliver");
    }
}
