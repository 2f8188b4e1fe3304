package com.bazaar.domain.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

/** Shows one seller (a seller user: only its own). */
public final class ShowSeller {

    private final Transactions transactions;
    private final SellerLookup lookup;
    private final Sellers sellers;

    public ShowSeller(Transactions transactions, Guard guard, Sellers sellers) {
        this.transactions = transactions;
        this.lookup = new SellerLookup(guard);
        this.sellers = sellers;
    }

    public Seller show(Actor actor, SellerCode code) {
        return transactions.inTransaction(() -> lookup.resolve(actor, Action.SELLER_VIEW, code, sellers::byCode));
    }
}
