package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.Sku;

import java.util.Optional;

/**
 * A row of an inventory sync file the domain accepted: an absolute on-hand count (0 to {@link Stock#MAX_UNITS}), or a
 * delta (within +-{@link Stock#MAX_UNITS}).
 */
public record StockLine(long row, Sku sku, Optional<Long> onHand, Optional<Long> delta) {
    public StockLine {
        if (onHand.isPresent() == delta.isPresent()) {
            throw new IllegalArgumentException("a stock line has either on_hand or delta");
        }
        onHand.ifPresent(n -> Stock.onHand(Long.toString(n), "on_hand"));
        delta.ifPresent(d -> Stock.checkDelta(d, "delta"));
    }
}
