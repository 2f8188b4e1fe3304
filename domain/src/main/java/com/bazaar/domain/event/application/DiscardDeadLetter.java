package com.bazaar.domain.event.application;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.time.Clock;
import java.util.Optional;

/** Gives up on a dead letter for good, with a required reason: DISCARDED, audited, never replayed. */
public final class DiscardDeadLetter {

    private final Guard guard;
    private final ResolveDeadLetters resolve;

    public DiscardDeadLetter(Transactions transactions, Guard guard, DeadLetters letters, AuditTrail audit,
                             Clock clock) {
        this.guard = guard;
        this.resolve = new ResolveDeadLetters(transactions, letters, audit, clock);
    }

    public DeadLetter discard(Actor actor, long id, String reason) {
        String why = Text.required(reason, "reason", "REASON_INVALID", 500);
        guard.require(actor, Action.DLQ_MANAGE, ResolveDeadLetters.target(id));
        return resolve.transactions().inTransaction(() -> resolve.resolve(resolve.locked(id), actor.withReason(why),
                DeadLetter.Status.DISCARDED, "dlq.discard", Optional.of(why), letter -> { }));
    }
}
