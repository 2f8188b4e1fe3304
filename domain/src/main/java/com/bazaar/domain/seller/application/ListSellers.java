package com.bazaar.domain.seller.application;

import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.support.Guard;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.util.List;

/** Lists the sellers the actor may see: all of them, or a seller user's own. */
public final class ListSellers {

    private final Transactions transactions;
    private final Guard guard;
    private final Sellers sellers;

    public ListSellers(Transactions transactions, Guard guard, Sellers sellers) {
        this.transactions = transactions;
        this.guard = guard;
        this.sellers = sellers;
    }

    /** A page of the sellers the actor may see, in code order (a seller user: only its own). */
    public Page<Seller> list(Actor actor, PageRequest page) {
        guard.requireSome(actor, Action.SELLER_VIEW, "sellers");
        return transactions.readOnly(() -> {
            if (AccessPolicy.allowsAny(actor, Action.SELLER_VIEW)) {
                return sellers.all(page);
            }
            return Page.of(actor.seller().flatMap(sellers::byId).stream().toList(), page,
                    s -> Cursor.of("seller", s.code().value()));
        });
    }

    public List<Seller> list(Actor actor) {
        guard.requireSome(actor, Action.SELLER_VIEW, "sellers");
        return transactions.readOnly(() -> {
            if (AccessPolicy.allowsAny(actor, Action.SELLER_VIEW)) {
                return sellers.all();
            }
            return actor.seller().flatMap(sellers::byId).stream().toList();
        });
    }
}
