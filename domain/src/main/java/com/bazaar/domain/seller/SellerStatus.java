package com.bazaar.domain.seller;

import java.util.EnumSet;
import java.util.Set;

/** A seller's standing. Suspended sellers keep their data but cannot sell; the transition table is explicit. */
public enum SellerStatus {
    ACTIVE, SUSPENDED;

    public Set<SellerStatus> next() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(SUSPENDED);
            case SUSPENDED -> EnumSet.of(ACTIVE);
        };
    }

    public boolean canMoveTo(SellerStatus target) {
        return next().contains(target);
    }
}
