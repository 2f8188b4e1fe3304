package com.bazaar.domain.support;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The rule of a seller's standing over its catalog (docs/rbac.md, "Seller standing"). While a seller is suspended its
 * own users may read and export, but not change its catalog, stock, prices or discounts: refused as a business rule
 * ({@code SELLER_SUSPENDED}, exit 4) and audited as DENIED. Staff - a role allowed on every seller's data (admin,
 * operator) - may still act, but only with an explicit reason, which the audit record keeps; without one the change is
 * refused ({@code REASON_REQUIRED}, exit 4, audited).
 *
 * <p>The rule is checked before the change's transaction opens (so a refusal is audited in a transaction of its own)
 * and again inside it, with the seller's row share-locked ({@link Sellers#byIdForShare}): a suspension committed in
 * between refuses the change, and a suspension arriving later waits for the change to commit. Either the whole change
 * happens before the suspension, or none of it happens.
 */
public final class SellerStanding {

    private final Transactions transactions;
    private final Guard guard;
    private final Sellers sellers;

    public SellerStanding(Transactions transactions, Guard guard, Sellers sellers) {
        this.transactions = transactions;
        this.guard = guard;
        this.sellers = sellers;
    }

    /** Runs {@code work} in one transaction if the seller's standing allows the actor to change its catalog. */
    public <T> T change(Actor actor, Action action, Seller seller, String target, Supplier<T> work) {
        require(actor, action, seller, target);
        try {
            return transactions.inTransaction(() -> {
                Seller now = sellers.byIdForShare(seller.id()).orElseThrow();
                verdict(actor, action, now).ifPresent(refusal -> {
                    throw new SuspendedMeanwhile(refusal);
                });
                return work.get();
            });
        } catch (SuspendedMeanwhile meanwhile) {
            throw guard.refuse(actor, action, target, meanwhile.refusal);
        }
    }

    /** Refuses (audited) when the seller's standing does not allow the actor to change its catalog now. */
    public void require(Actor actor, Action action, Seller seller, String target) {
        Optional<RuleViolation> refusal = verdict(actor, action, seller);
        if (refusal.isPresent()) {
            throw guard.refuse(actor, action, target, refusal.get());
        }
    }

    /** The refusal the rule gives, if any. */
    public static Optional<RuleViolation> verdict(Actor actor, Action action, Seller seller) {
        if (seller.isActive()) {
            return Optional.empty();
        }
        if (!AccessPolicy.allowsAny(actor, action)) {
            return Optional.of(new RuleViolation("SELLER_SUSPENDED", "seller " + seller.code() + " is suspended: its"
                    + " catalog, stock, prices and discounts cannot be changed until it is reinstated"));
        }
        if (actor.reason().isEmpty()) {
            return Optional.of(new RuleViolation("REASON_REQUIRED", "seller " + seller.code() + " is suspended:"
                    + " changing its catalog, stock, prices or discounts needs --reason (kept in the audit trail)"));
        }
        return Optional.empty();
    }

    /** Carries a refusal found inside the transaction out of it (rolled back), to be audited outside. */
    private static final class SuspendedMeanwhile extends RuntimeException {
        private final RuleViolation refusal;

        SuspendedMeanwhile(RuleViolation refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }
}
