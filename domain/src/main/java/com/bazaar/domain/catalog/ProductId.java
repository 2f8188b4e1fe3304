package com.bazaar.domain.catalog;

/** Database identity of a product. */
public record ProductId(long value) implements Comparable<ProductId> {
    public ProductId {
        if (value <= 0) {
            throw new IllegalArgumentException("product id must be positive: " + value);
        }
    }

    @Override
    public int compareTo(ProductId other) {
        return Long.compare(value, other.value);
    }
}
