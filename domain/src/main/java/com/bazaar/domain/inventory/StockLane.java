package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.ProductId;

import java.util.Objects;
import java.util.Optional;

/**
 * One lane of a product split for a flash sale (ADR 0014): units its stock row set aside ({@code allotted}, counted in
 * the row's {@code reserved}) of which {@code taken} are held by reservations on this lane. {@code 0 <= taken <=
 * allotted}, always (also a CHECK), so a lane cannot oversell; a trigger keeps the lanes' allotments within the row's
 * reserved units, so neither can their sum.
 */
public record StockLane(ProductId product, int lane, long allotted, long taken) {

    public StockLane {
        Objects.requireNonNull(product, "product");
        if (lane < 1 || lane > Stock.MAX_LANES) {
            throw new IllegalStateException("a stock lane is numbered 1 to " + Stock.MAX_LANES + ", not " + lane);
        }
        if (taken < 0 || taken > allotted || allotted > Stock.MAX_UNITS) {
            throw new IllegalStateException("a stock lane must satisfy 0 <= taken <= allotted <= " + Stock.MAX_UNITS
                    + " (allotted " + allotted + ", taken " + taken + ")");
        }
    }

    public long available() {
        return allotted - taken;
    }

    /** The lane with {@code quantity} more units taken by a reservation; empty when it has fewer available. */
    public Optional<StockLane> reserve(long quantity) {
        requirePositive(quantity);
        return quantity > available() ? Optional.empty()
                : Optional.of(new StockLane(product, lane, allotted, taken + quantity));
    }

    /** A reservation on this lane given back (cancelled, expired): its units are available on the lane again. */
    public StockLane release(long quantity) {
        requirePositive(quantity);
        return new StockLane(product, lane, allotted, taken - quantity);
    }

    /** A reservation on this lane shipped: its units leave the lane (and the row's on hand and reserved with them). */
    public StockLane commit(long quantity) {
        requirePositive(quantity);
        return new StockLane(product, lane, allotted - quantity, taken - quantity);
    }

    private static void requirePositive(long quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }
}
