package com.bazaar.domain.seller;

/** Database identity of a seller; other aggregates refer to a seller by this id. */
public record SellerId(long value) {
    public SellerId {
        if (value <= 0) {
            throw new IllegalArgumentException("seller id must be positive: " + value);
        }
    }
}
