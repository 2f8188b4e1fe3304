package com.bazaar.domain.event.application;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.domain.support.Guard;

import java.util.List;
import java.util.Optional;

/** Lists dead letters, oldest first: the unresolved ones, or all; of one consumer or every one. */
public final class ListDeadLetters {

    private final Transactions transactions;
    private final Guard guard;
    private final DeadLetters letters;

    public ListDeadLetters(Transactions transactions, Guard guard, DeadLetters letters) {
        this.transactions = transactions;
        this.guard = guard;
        this.letters = letters;
    }

    public List<DeadLetter> list(Actor actor, Optional<String> consumer, boolean all, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new ValidationException("LIMIT_INVALID", "limit", "--limit must be 1 to 10000");
        }
        guard.require(actor, Action.DLQ_VIEW, "dead-letters");
        return transactions.inTransaction(() -> letters.list(consumer, all, limit));
    }
}
