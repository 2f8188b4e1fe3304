package com.bazaar.domain.order;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.shared.Money;

import java.util.Objects;

/** A priced line: {@code total = unitPrice x quantity - discount}, never negative (also a CHECK constraint). */
public record OrderLine(int lineNo, ProductId product, Sku sku, long quantity, Money unitPrice, Money discount,
                        Money total) {

    public OrderLine {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(sku, "sku");
        if (lineNo < 1 || quantity < 1) {
            throw new IllegalArgumentException("line numbers and quantities start at 1");
        }
        if (!unitPrice.times(quantity).minus(discount).equals(total) || total.isNegative() || discount.isNegative()) {
            throw new IllegalStateException("line total must be unit price x quantity - discount, never negative");
        }
    }
}
