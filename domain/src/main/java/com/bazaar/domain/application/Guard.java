package com.bazaar.domain.application;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;

/**
 * Enforces the access matrix for every use case. A refusal is itself audited (outcome DENIED) in a
 * transaction of its own, so it stays recorded although the refused work never runs.
 */
public final class Guard {

    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;

    public Guard(Transactions transactions, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Requires access to the action on any seller's data (or data that belongs to no seller). */
    public void require(Actor actor, Action action, String target) {
        if (!AccessPolicy.allowsAny(actor, action)) {
            deny(actor, action, target);
        }
    }

    /** Requires access to the action on this seller's data (a seller user: only its own seller). */
    public void requireFor(Actor actor, Action action, SellerId seller, String target) {
        if (!AccessPolicy.allowsFor(actor, action, seller)) {
            deny(actor, action, target);
        }
    }

    /** Requires that some role grants the action at all, possibly only on the actor's own seller. */
    public void requireSome(Actor actor, Action action, String target) {
        if (AccessPolicy.accessOf(actor, action) == com.bazaar.domain.identity.Access.DENY) {
            deny(actor, action, target);
        }
    }

    /**
     * Audits the refusal and throws it. Must be called outside the use case's transaction: inside it, the
     * DENIED record would be rolled back together with the refused work.
     */
    public PermissionDenied deny(Actor actor, Action action, String target) {
        if (transactions.active()) {
            throw new IllegalStateException("permission checks run before the use case's transaction opens");
        }
        transactions.run(() -> audit.append(AuditEntry.denied(clock.instant(), actor, action.code(), target)));
        String roles = actor.roles().isEmpty() ? "no role" : "role " + actor.rolesLabel();
        throw new PermissionDenied("PERMISSION_DENIED",
                "permission denied: " + actor.name() + " (" + roles + ") may not " + action.code() + " on " + target);
    }
}
