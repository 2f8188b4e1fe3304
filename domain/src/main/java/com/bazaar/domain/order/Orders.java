package com.bazaar.domain.order;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: all orders. The idempotency key of an order is unique (a database constraint). */
public interface Orders {

    /** What a new order is made of: the priced lines and total, under the caller's idempotency key. */
    record NewOrder(SellerId seller, Buyer buyer, List<OrderLine> lines, Money total, IdempotencyKey key) {
    }

    Order add(NewOrder order, Instant at);

    Optional<Order> byId(OrderId id);

    Optional<Order> byIdForUpdate(OrderId id);

    void update(Order order);

    List<Order> ofSeller(SellerId seller, Optional<OrderStatus> status, int limit);
}
