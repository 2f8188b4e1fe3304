package com.bazaar.domain.order.application;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.Payments;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Port of {@link PlaceOrder}: stores a new order together with what it holds from its first moment - its payment
 * intent for the order's total and its stock reservations (state HELD, counted in the stock rows by the caller in the
 * same transaction). It lives with the use cases because it joins the order and payment modules, whose own ports
 * depend only on modules below them. The three are written in the caller's transaction, all or nothing; an adapter
 * may write them in one statement (PostgreSQL: data-modifying CTEs, one round trip instead of four, before any stock
 * row is locked). The rules are the model's and the schema's, as for {@link Orders#add},
 * {@link Payments#createIntent} and {@link Reservations#holdAll}.
 */
public interface OrderPlacements {

    /** The stored order and its payment intent. */
    record Written(Order order, Payment intent) {
        public Written {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(intent, "intent");
        }
    }

    /**
     * Stores the order (refused with ORDER_DUPLICATE when its key is taken), a payment intent for its total and a
     * HELD reservation of each product's quantity until {@code expiresAt}.
     */
    Written write(Orders.NewOrder order, Map<ProductId, Long> held, Instant expiresAt);

    /** As {@link Reservations#onLane}: the order's reservation of a split product holds its units on that lane. */
    void onLane(com.bazaar.domain.order.OrderId order, ProductId product, int lane);

    /** The same, one port after the other (three writes). */
    static OrderPlacements separately(Orders orders, Payments payments, Reservations reservations) {
        return new OrderPlacements() {
            @Override
            public Written write(Orders.NewOrder order, Map<ProductId, Long> held, Instant expiresAt) {
                Order stored = orders.add(order);
                Payment intent = payments.createIntent(stored.id(), stored.total());
                reservations.holdAll(stored.id(), held, expiresAt);
                return new Written(stored, intent);
            }

            @Override
            public void onLane(com.bazaar.domain.order.OrderId order, ProductId product, int lane) {
                reservations.onLane(order, product, lane);
            }
        };
    }
}
