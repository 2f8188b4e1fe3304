package com.bazaar.domain.order;

import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Money;

import java.time.LocalDate;
import java.util.Objects;

/** One row of the sales read model: a seller's orders, units and revenue of one day (UTC) in one currency. */
public record SalesDay(SellerCode seller, LocalDate day, long orders, long units, Money revenue) {
    public SalesDay {
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(day, "day");
        if (orders < 0 || units < 0) {
            throw new IllegalArgumentException("orders and units are never negative");
        }
        Objects.requireNonNull(revenue, "revenue");
    }
}
