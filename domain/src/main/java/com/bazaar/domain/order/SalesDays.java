package com.bazaar.domain.order;

import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Money;

import java.time.LocalDate;
import java.util.List;

/** Port: the read model {@code seller_sales_daily}, written only by the {@code sales} consumer. */
public interface SalesDays {

    /**
     * Adds to the seller's day in the revenue's currency (the row is created at zero when missing); a negative change
     * (a cancellation, a refund) takes from it.
     */
    void add(SellerCode seller, LocalDate day, long orders, long units, Money revenue);

    /** The seller's days from {@code from} to {@code to}, both inclusive, in day order. */
    List<SalesDay> between(SellerCode seller, LocalDate from, LocalDate to);

    /** Empties the read model (a rebuild starts from nothing). */
    void clear();
}
