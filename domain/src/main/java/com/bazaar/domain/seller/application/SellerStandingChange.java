package com.bazaar.domain.seller.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.SellerLookup;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerStatus;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The shared mechanics of suspending and reinstating: lock the row, skip when the seller is already in the
 * wanted state (so a repeated command is harmless and writes nothing), else change, store and audit.
 */
final class SellerStandingChange {

    /** The result: the seller after the command, and whether this call changed it. */
    record Outcome(Seller seller, boolean changed) {
    }

    private final Transactions transactions;
    private final SellerLookup lookup;
    private final Sellers sellers;
    private final AuditTrail audit;
    private final Clock clock;

    SellerStandingChange(Transactions transactions, Guard guard, Sellers sellers, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.lookup = new SellerLookup(guard, transactions, sellers);
        this.sellers = sellers;
        this.audit = audit;
        this.clock = clock;
    }

    Outcome apply(Actor actor, Action action, SellerCode code, SellerStatus wanted, UnaryOperator<Seller> change) {
        lookup.authorise(actor, action, code);
        return transactions.inTransaction(() -> {
            Seller before = sellers.byCodeForUpdate(code).orElseThrow();
            if (before.status() == wanted) {
                return new Outcome(before, false);
            }
            Seller after = change.apply(before);
            sellers.update(after);
            audit.append(AuditEntry.change(clock.instant(), actor, action.code(), "seller:" + code,
                    before.snapshot(), after.snapshot()));
            return new Outcome(sellers.byCode(code).orElseThrow(), true);
        });
    }
}
