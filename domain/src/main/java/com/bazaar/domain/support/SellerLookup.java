package com.bazaar.domain.support;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.NotFound;

import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.util.Optional;

/**
 * Resolves a seller code for a use case and checks the actor may act on it, before the use case opens its
 * transaction (a refusal is audited in a transaction of its own). A seller's code and id never change, so the
 * decision stays valid inside the transaction that follows. A seller-scoped actor asking for a seller that is not
 * its own is refused the same way whether that seller exists or not, so seller users cannot probe which codes
 * exist.
 */
public final class SellerLookup {

    private final Guard guard;
    private final Transactions transactions;
    private final Sellers sellers;

    public SellerLookup(Guard guard, Transactions transactions, Sellers sellers) {
        this.guard = guard;
        this.transactions = transactions;
        this.sellers = sellers;
    }

    /** The seller as it is now, if the actor may perform the action on it; otherwise refused (and audited). */
    public Seller authorise(Actor actor, Action action, SellerCode code) {
        String target = "seller:" + code;
        guard.requireSome(actor, action, target);
        Optional<Seller> seller = sellers.byCode(code); // one read; no transaction needed (and a refusal must not be in one)
        if (seller.isEmpty()) {
            if (!AccessPolicy.allowsAny(actor, action)) {
                throw guard.deny(actor, action, target);
            }
            throw new NotFound("SELLER_NOT_FOUND", "seller " + code + " does not exist");
        }
        guard.requireFor(actor, action, seller.get().id(), target);
        return seller.get();
    }
}
