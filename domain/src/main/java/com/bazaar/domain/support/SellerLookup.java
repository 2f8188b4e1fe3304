package com.bazaar.domain.support;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.NotFound;

import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The most codes {@link #authoriseId} remembers; past it, it starts again from none. */
    static final int REMEMBERED_CODES = 10_000;

    private final Map<SellerCode, SellerId> ids = new ConcurrentHashMap<>();

    /**
     * The id of the seller with this code, if the actor may perform the action on it; otherwise refused (and audited),
     * as {@link #authorise}. A seller's code and id never change, so the id found for a code is remembered and the
     * next call makes the same decision without reading the seller: one database round trip (its own transaction)
     * less for a use case that reads the seller again in its transaction anyway. That caller must check the seller it
     * reads still has this code, and {@link #forget} it when not (a row changed or removed behind the application's
     * back): only then is the decision made here known to be about the seller it acts on.
     */
    public SellerId authoriseId(Actor actor, Action action, SellerCode code) {
        SellerId known = ids.get(code);
        if (known == null) {
            SellerId found = authorise(actor, action, code).id();
            if (ids.size() >= REMEMBERED_CODES) {
                ids.clear();
            }
            ids.put(code, found);
            return found;
        }
        String target = "seller:" + code;
        guard.requireSome(actor, action, target);
        guard.requireFor(actor, action, known, target);
        return known;
    }

    /** Forgets the id remembered for this code (its seller was found changed or gone). */
    public void forget(SellerCode code) {
        ids.remove(code);
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
