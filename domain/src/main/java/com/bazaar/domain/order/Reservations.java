package com.bazaar.domain.order;

import com.bazaar.domain.catalog.ProductId;

import java.time.Instant;
import java.util.List;

/** Port: the stock each order holds, until paid (committed), cancelled (released) or expired. */
public interface Reservations {

    enum State { HELD, COMMITTED, RELEASED, EXPIRED }

    /** A reservation still holding stock; {@code lane} 0 when it holds it on the product's stock row (ADR 0014). */
    record Held(long id, OrderId order, ProductId product, long quantity, Instant expiresAt, int lane) {
        public Held(long id, OrderId order, ProductId product, long quantity, Instant expiresAt) {
            this(id, order, product, quantity, expiresAt, 0);
        }

        public boolean onLane() {
            return lane > 0;
        }

        /**
         * The reservations of {@code held} that hold their units on a lane, in the order lanes are locked in: product,
         * then lane (docs/invariants.md, V8).
         */
        public static List<Held> onLanesInLockOrder(List<Held> held) {
            return held.stream().filter(Held::onLane)
                    .sorted(java.util.Comparator.comparingLong((Held r) -> r.product().value())
                            .thenComparingInt(Held::lane))
                    .toList();
        }
    }

    void hold(OrderId order, ProductId product, long quantity, Instant expiresAt);

    /** Holds stock for several products of one order (the adapter may do it in one statement). */
    default void holdAll(OrderId order, java.util.Map<ProductId, Long> quantities, Instant expiresAt) {
        quantities.forEach((product, quantity) -> hold(order, product, quantity, expiresAt));
    }

    /** Records that the order's reservation of the product holds its units on that lane of a split product. */
    void onLane(OrderId order, ProductId product, int lane);

    /** The order's reservations that still hold stock. */
    List<Held> heldBy(OrderId order);

    /**
     * Up to {@code limit} held reservations expired at {@code now} of orders whose payment is not authorized or in
     * doubt (those are decided by capture or void, not by the clock), not locked: callers lock the order row and
     * re-read what it still holds (the order row is the one lock every order change takes first).
     */
    List<Held> expired(Instant now, int limit);

    void settle(long reservationId, State state, Instant at);
}
