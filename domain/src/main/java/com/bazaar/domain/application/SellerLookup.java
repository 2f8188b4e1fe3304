package com.bazaar.domain.application;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.NotFound;

import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a seller code for a use case and checks the actor may act on it. A seller-scoped actor asking for
 * a seller that is not its own is refused the same way whether that seller exists or not, so seller users
 * cannot probe which codes exist.
 */
final class SellerLookup {

    private final Guard guard;

    SellerLookup(Guard guard) {
        this.guard = guard;
    }

    Seller resolve(Actor actor, Action action, SellerCode code, Function<SellerCode, Optional<Seller>> finder) {
        String target = "seller:" + code;
        guard.requireSome(actor, action, target);
        Optional<Seller> seller = finder.apply(code);
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
