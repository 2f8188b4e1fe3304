package com.bazaar.domain.order;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Port: all orders. The idempotency key of an order is unique (a database constraint). */
public interface Orders {

    /**
     * An order to be stored, as {@link Order#place} made it: its priced lines, total and status, under the caller's
     * idempotency key; the store gives it its id.
     */
    record NewOrder(SellerId seller, Buyer buyer, List<OrderLine> lines, Money total, OrderStatus status,
                    Instant placedAt, IdempotencyKey key) {
        public NewOrder {
            Objects.requireNonNull(seller, "seller");
            Objects.requireNonNull(buyer, "buyer");
            lines = List.copyOf(lines);
            Order.checkLines(lines, total);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(placedAt, "placedAt");
            Objects.requireNonNull(key, "key");
        }

        /** The order once stored under {@code id} (timestamps keep the database's microseconds). */
        public Order identified(OrderId id) {
            return new Order(id, seller, buyer, lines, total, status, placedAt.truncatedTo(ChronoUnit.MICROS), 0);
        }
    }

    /** Stores a new order as the model made it; refused with ORDER_DUPLICATE when its key is taken. */
    Order add(NewOrder order);

    Optional<Order> byId(OrderId id);

    Optional<Order> byIdForUpdate(OrderId id);

    void update(Order order);

    /** A page of the seller's orders matching the filter, newest (highest id) first; the id is the cursor. */
    Page<Order> ofSeller(SellerId seller, Filter filter, PageRequest page);

    /** Which of a seller's orders a list shows: each part is optional. */
    record Filter(Optional<OrderStatus> status, Optional<Buyer> buyer, Optional<Instant> since) {
        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
