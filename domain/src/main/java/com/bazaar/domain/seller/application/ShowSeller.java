package com.bazaar.domain.seller.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.SellerLookup;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

/** Shows one seller (a seller user: only its own). */
public final class ShowSeller {

    private final SellerLookup lookup;

    public ShowSeller(Transactions transactions, Guard guard, Sellers sellers) {
        this.lookup = new SellerLookup(guard, transactions, sellers);
    }

    public Seller show(Actor actor, SellerCode code) {
        return lookup.authorise(actor, Action.SELLER_VIEW, code);
    }
}
