package com.bazaar.domain.event.application;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.event.Redelivery;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts dead letters back on the topics they came from, for their consumer to try again (after the cause was fixed),
 * and marks them REPLAYED with an audit record. The record is published and acknowledged before the status commits:
 * if the commit fails the letter stays DEAD and may be replayed again; consumers apply an event once whatever
 * arrives twice (their {@code processed_events}, or the order request's idempotency key).
 */
public final class ReplayDeadLetters {

    private final Guard guard;
    private final ResolveDeadLetters resolve;
    private final Redelivery redelivery;

    public ReplayDeadLetters(Transactions transactions, Guard guard, DeadLetters letters, Redelivery redelivery,
                             AuditTrail audit, Clock clock) {
        this.guard = guard;
        this.resolve = new ResolveDeadLetters(transactions, letters, audit, clock);
        this.redelivery = redelivery;
    }

    public DeadLetter replay(Actor actor, long id) {
        guard.require(actor, Action.DLQ_MANAGE, ResolveDeadLetters.target(id));
        return resolve.transactions().inTransaction(() -> resolve.resolve(resolve.locked(id), actor,
                DeadLetter.Status.REPLAYED, "dlq.replay", actor.reason(), redelivery::redeliver));
    }

    /** Replays every DEAD letter (of one consumer if given), oldest first, each in a transaction of its own. */
    public List<DeadLetter> replayAll(Actor actor, Optional<String> consumer) {
        guard.require(actor, Action.DLQ_MANAGE, "dead-letters");
        List<Long> ids = resolve.transactions().inTransaction(() -> resolve.letters().openForUpdate(consumer)
                .stream().map(DeadLetter::id).toList());
        List<DeadLetter> replayed = new ArrayList<>();
        for (long id : ids) {
            replayed.add(resolve.transactions().inTransaction(() -> resolve.resolve(resolve.locked(id), actor,
                    DeadLetter.Status.REPLAYED, "dlq.replay", actor.reason(), redelivery::redeliver)));
        }
        return replayed;
    }
}
