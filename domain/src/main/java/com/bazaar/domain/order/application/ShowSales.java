package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.SalesDay;
import com.bazaar.domain.order.SalesDays;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.SellerLookup;

import java.time.LocalDate;
import java.util.List;

/** A seller's sales per day from the read model (as far as the {@code sales} consumer has read); a seller user: its own. */
public final class ShowSales {

    private final Transactions transactions;
    private final SellerLookup sellers;
    private final SalesDays sales;

    public ShowSales(Transactions transactions, Guard guard, Sellers sellers, SalesDays sales) {
        this.transactions = transactions;
        this.sellers = new SellerLookup(guard, transactions, sellers);
        this.sales = sales;
    }

    public List<SalesDay> show(Actor actor, SellerCode seller, LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusYears(10).isBefore(to)) {
            throw new ValidationException("PERIOD_INVALID", "to", "--to must be on or after --from, at most 10 years"
                    + " later");
        }
        var found = sellers.authorise(actor, Action.SALES_VIEW, seller);
        return transactions.readOnly(() -> sales.between(found.code(), from, to));
    }
}
