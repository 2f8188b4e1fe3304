package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;

/** Marks a paid order shipped (the order's own transition decides whether it may be). */
public final class ShipOrder {

    private final Fulfilment fulfilment;

    public ShipOrder(OrderPorts ports) {
        this.fulfilment = new Fulfilment(ports);
    }

    public OrderChange ship(Actor actor, OrderId id) {
        return fulfilment.move(actor, id, OrderStatus.SHIPPED, Order::ship, "order.ship");
    }
}
