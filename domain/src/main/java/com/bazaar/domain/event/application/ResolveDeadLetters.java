package com.bazaar.domain.event.application;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What replaying and discarding share: one dead letter, locked, still DEAD, changed with its audit record in one
 * transaction. Package-private: the use cases are {@link ReplayDeadLetters} and {@link DiscardDeadLetter}.
 */
final class ResolveDeadLetters {

    private final Transactions transactions;
    private final DeadLetters letters;
    private final AuditTrail audit;
    private final Clock clock;

    ResolveDeadLetters(Transactions transactions, DeadLetters letters, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.letters = letters;
        this.audit = audit;
        this.clock = clock;
    }

    Transactions transactions() {
        return transactions;
    }

    DeadLetters letters() {
        return letters;
    }

    static String target(long id) {
        return "dead-letter:" + id;
    }

    /** Inside a transaction: the letter, locked, or not found. */
    DeadLetter locked(long id) {
        return letters.byIdForUpdate(id).orElseThrow(() -> new NotFound("DEAD_LETTER_NOT_FOUND",
                "no dead letter " + id));
    }

    /**
     * Inside a transaction: runs {@code action} on a DEAD letter (a replay publishes it), then records the new status
     * and the audit record; a letter already resolved is refused and nothing happens.
     */
    DeadLetter resolve(DeadLetter letter, Actor actor, DeadLetter.Status status, String auditAction,
                       Optional<String> reason, Consumer<DeadLetter> action) {
        if (letter.status() != DeadLetter.Status.DEAD) {
            throw new RuleViolation("DEAD_LETTER_RESOLVED", "dead letter " + letter.id() + " was already "
                    + letter.status() + " by " + letter.resolvedBy().orElse("?") + "; nothing changed");
        }
        action.accept(letter);
        var now = clock.instant();
        letters.resolve(letter.id(), status, now, actor.name(), reason);
        DeadLetter after = new DeadLetter(letter.id(), letter.arrival(), status, Optional.of(now),
                Optional.of(actor.name()), reason);
        audit.append(AuditEntry.change(now, actor, auditAction, target(letter.id()), letter.snapshot(),
                after.snapshot()));
        return after;
    }
}
