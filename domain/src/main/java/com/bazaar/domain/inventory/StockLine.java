package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.Sku;

import java.util.Optional;

/** A row of an inventory sync file the domain accepted: an absolute on-hand count, or a delta. */
public record StockLine(long row, Sku sku, Optional<Long> onHand, Optional<Long> delta) {
    public StockLine {
        if (onHand.isPresent() == delta.isPresent()) {
            throw new IllegalArgumentException("a stock line has either on_hand or delta");
        }
    }
}
