package com.bazaar.domain.order;

/** Database identity of an order; what operators type ({@code bazaar order show 1001}). */
public record OrderId(long value) {
    public OrderId {
        if (value <= 0) {
            throw new IllegalArgumentException("order id must be positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
