package com.bazaar.domain.seller.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerStatus;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;

/** Suspends a seller, with a required reason. Suspending a suspended seller changes nothing. */
public final class SuspendSeller {

    public record Command(Actor actor, SellerCode code, String reason) {
        public Command {
            reason = Text.required(reason, "reason", "REASON_REQUIRED", Seller.MAX_REASON);
        }
    }

    /** The seller after the command; {@code changed} is false when it was already suspended. */
    public record Outcome(Seller seller, boolean changed) {
    }

    private final SellerStandingChange standing;

    public SuspendSeller(Transactions transactions, Guard guard, Sellers sellers, AuditTrail audit, Clock clock) {
        this.standing = new SellerStandingChange(transactions, guard, sellers, audit, clock);
    }

    public Outcome suspend(Command command) {
        Actor actor = command.actor().withReason(command.reason());
        var outcome = standing.apply(actor, Action.SELLER_SUSPEND, command.code(), SellerStatus.SUSPENDED,
                seller -> seller.suspend(command.reason()));
        return new Outcome(outcome.seller(), outcome.changed());
    }
}
