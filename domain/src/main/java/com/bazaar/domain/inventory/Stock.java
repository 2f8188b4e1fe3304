package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.RuleViolation;

import java.util.Map;
import java.util.Objects;

/**
 * Stock of one product: {@code 0 <= reserved <= onHand}, always (also a CHECK constraint). Reserving more than
 * is available is a business rejection, returned as a value; breaking the invariant otherwise is a bug.
 */
public record Stock(ProductId product, long onHand, long reserved) {

    public Stock {
        Objects.requireNonNull(product, "product");
        if (reserved < 0 || reserved > onHand) {
            throw new IllegalStateException("stock must satisfy 0 <= reserved <= on_hand (on_hand " + onHand
                    + ", reserved " + reserved + ")");
        }
    }

    public long available() {
        return onHand - reserved;
    }

    /** The outcome of trying to reserve. */
    public sealed interface Reservation permits Reserved, Insufficient {
    }

    public record Reserved(Stock after) implements Reservation {
    }

    public record Insufficient(long requested, long available) implements Reservation {
    }

    public Reservation reserve(long quantity) {
        requirePositive(quantity);
        if (quantity > available()) {
            return new Insufficient(quantity, available());
        }
        return new Reserved(new Stock(product, onHand, reserved + quantity));
    }

    /** Gives reserved units back to the available stock (order cancelled, reservation expired). */
    public Stock release(long quantity) {
        requirePositive(quantity);
        return new Stock(product, onHand, reserved - quantity);
    }

    /** Turns reserved units into a shipment: they leave both on hand and reserved. */
    public Stock commit(long quantity) {
        requirePositive(quantity);
        return new Stock(product, onHand - quantity, reserved - quantity);
    }

    /** Changes on-hand stock by {@code delta}; never below what is reserved. */
    public Stock adjust(long delta) {
        if (delta == 0) {
            throw new com.bazaar.domain.shared.ValidationException("DELTA_INVALID", "delta", "delta must not be 0");
        }
        long next = Math.addExact(onHand, delta);
        if (next < reserved) {
            throw new RuleViolation("BELOW_RESERVED", "on hand cannot go below what is reserved: " + onHand + " on hand, "
                    + reserved + " reserved, adjustment " + delta);
        }
        return new Stock(product, next, reserved);
    }

    private static void requirePositive(long quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> json = Json.object();
        json.put("onHand", onHand);
        json.put("reserved", reserved);
        return json;
    }
}
