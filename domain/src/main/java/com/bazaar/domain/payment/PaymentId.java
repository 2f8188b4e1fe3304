package com.bazaar.domain.payment;

/** Database identity of a payment (numbered from 5001, so they are not mistaken for order ids). */
public record PaymentId(long value) {
    public PaymentId {
        if (value <= 0) {
            throw new IllegalArgumentException("payment id must be positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
