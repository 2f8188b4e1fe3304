package com.bazaar.domain.seller.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerStatus;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;

/** Lifts a seller's suspension. Reinstating an active seller changes nothing. */
public final class ReinstateSeller {

    public record Command(Actor actor, SellerCode code) {
    }

    /** The seller after the command; {@code changed} is false when it was already active. */
    public record Outcome(Seller seller, boolean changed) {
    }

    private final SellerStandingChange standing;

    public ReinstateSeller(Transactions transactions, Guard guard, Sellers sellers, AuditTrail audit, Clock clock) {
        this.standing = new SellerStandingChange(transactions, guard, sellers, audit, clock);
    }

    public Outcome reinstate(Command command) {
        var outcome = standing.apply(command.actor(), Action.SELLER_REINSTATE, command.code(), SellerStatus.ACTIVE,
                Seller::reinstate);
        return new Outcome(outcome.seller(), outcome.changed());
    }
}
