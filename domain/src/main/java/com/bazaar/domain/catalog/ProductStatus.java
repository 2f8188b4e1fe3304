package com.bazaar.domain.catalog;

import java.util.EnumSet;
import java.util.Set;

/** A product's lifecycle; only ACTIVE products can be ordered; RETIRED is final. */
public enum ProductStatus {
    DRAFT, ACTIVE, SUSPENDED, RETIRED;

    public Set<ProductStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(ACTIVE, RETIRED);
            case ACTIVE -> EnumSet.of(SUSPENDED, RETIRED);
            case SUSPENDED -> EnumSet.of(ACTIVE, RETIRED);
            case RETIRED -> EnumSet.noneOf(ProductStatus.class);
        };
    }

    public boolean canMoveTo(ProductStatus target) {
        return next().contains(target);
    }
}
