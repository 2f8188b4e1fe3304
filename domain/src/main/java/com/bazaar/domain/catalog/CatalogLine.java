package com.bazaar.domain.catalog;

import com.bazaar.domain.shared.Money;

import java.util.Optional;

/**
 * A row the domain accepted: what the import will create or update, keyed by (seller, SKU). Its price obeys the
 * product's rules; its quantity (the on-hand count to set) is read with {@code Stock.onHand}, which bounds it.
 */
public record CatalogLine(long row, Sku sku, String title, Optional<String> description, Optional<String> category,
                          Attributes attributes, Money price, Optional<Long> quantity, Optional<ProductStatus> status) {
    public CatalogLine {
        Product.checkPrice(price);
        quantity.ifPresent(q -> {
            if (q < 0) {
                throw new IllegalArgumentException("a quantity is never negative: " + q);
            }
        });
    }
}
