package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Numbers;
import com.bazaar.domain.shared.RuleViolation;

import java.util.Map;
import java.util.Objects;

/**
 * Stock of one product: {@code 0 <= reserved <= onHand <= MAX_UNITS}, always (also CHECK constraints). Reserving more
 * than is available is a business rejection, returned as a value; breaking the invariant otherwise is a bug.
 * {@code lanes} is 1, or the number of {@link StockLane lanes} a flash sale's product is split into (ADR 0014); a
 * value read through {@link StockLevels} is the product's whole stock, its lanes counted in.
 */
public record Stock(ProductId product, long onHand, long reserved, int lanes) {

    /**
     * The most units a product can have on hand, and the largest change one adjustment or sync row may make:
     * 10^9. Sums of two such values never leave a {@code long}, in Java or in SQL (docs/invariants.md, M3).
     */
    public static final long MAX_UNITS = 1_000_000_000L;

    /** The most lanes a product can be split into. */
    public static final int MAX_LANES = 64;

    public Stock(ProductId product, long onHand, long reserved) {
        this(product, onHand, reserved, 1);
    }

    public Stock {
        Objects.requireNonNull(product, "product");
        if (lanes < 1 || lanes > MAX_LANES) {
            throw new IllegalStateException("a product has 1 to " + MAX_LANES + " stock lanes, not " + lanes);
        }
        if (reserved < 0 || reserved > onHand || onHand > MAX_UNITS) {
            throw new IllegalStateException("stock must satisfy 0 <= reserved <= on_hand <= " + MAX_UNITS
                    + " (on_hand " + onHand + ", reserved " + reserved + ")");
        }
    }

    /** An on-hand count as written (a sync file, a catalog file): ASCII digits, 0 to {@link #MAX_UNITS}. */
    public static long onHand(String text, String field) {
        return Numbers.whole(text, field, "QUANTITY_INVALID", 0, MAX_UNITS);
    }

    /** A change of on-hand stock as written: ASCII digits, optionally signed, within +-{@link #MAX_UNITS}. */
    public static long delta(String text, String field) {
        return Numbers.whole(text, field, "DELTA_INVALID", -MAX_UNITS, MAX_UNITS);
    }

    /** Refuses a delta outside +-{@link #MAX_UNITS} (the same rule as {@link #delta(String, String)}, for numbers). */
    public static long checkDelta(long delta, String field) {
        return delta(Long.toString(delta), field);
    }

    /** True when the product's stock is split into lanes (ADR 0014). */
    public boolean split() {
        return lanes > 1;
    }

    /** The same stock split into {@code count} lanes (1: not split); refused outside 1 to {@link #MAX_LANES}. */
    public Stock withLanes(int count) {
        if (count < 1 || count > MAX_LANES) {
            throw new com.bazaar.domain.shared.ValidationException("LANES_INVALID", "lanes", "lanes must be 1 to "
                    + MAX_LANES + ", not " + count);
        }
        return new Stock(product, onHand, reserved, count);
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
        return new Reserved(new Stock(product, onHand, reserved + quantity, lanes));
    }

    /** Gives reserved units back to the available stock (order cancelled, reservation expired). */
    public Stock release(long quantity) {
        requirePositive(quantity);
        return new Stock(product, onHand, reserved - quantity, lanes);
    }

    /** Turns reserved units into a shipment: they leave both on hand and reserved. */
    public Stock commit(long quantity) {
        requirePositive(quantity);
        return new Stock(product, onHand - quantity, reserved - quantity, lanes);
    }

    /** Changes on-hand stock by {@code delta}; never below what is reserved, never above {@link #MAX_UNITS}. */
    public Stock adjust(long delta) {
        if (delta == 0) {
            throw new com.bazaar.domain.shared.ValidationException("DELTA_INVALID", "delta", "delta must not be 0");
        }
        checkDelta(delta, "delta");
        long next = onHand + delta; // both within +-MAX_UNITS: no overflow
        if (next > MAX_UNITS) {
            throw new RuleViolation("ABOVE_MAXIMUM", "on hand cannot go above " + MAX_UNITS + " units: " + onHand
                    + " on hand, adjustment " + delta);
        }
        if (next < reserved) {
            throw new RuleViolation("BELOW_RESERVED", "on hand cannot go below what is reserved: " + onHand + " on hand, "
                    + reserved + " reserved, adjustment " + delta);
        }
        return new Stock(product, next, reserved, lanes);
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
        if (lanes > 1) {
            json.put("lanes", lanes);
        }
        return json;
    }
}
