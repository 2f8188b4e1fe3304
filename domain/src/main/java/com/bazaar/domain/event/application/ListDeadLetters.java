package com.bazaar.domain.event.application;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;
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

    public Page<DeadLetter> list(Actor actor, Optional<String> consumer, boolean all, PageRequest page) {
        guard.require(actor, Action.DLQ_VIEW, "dead-letters");
        return transactions.inTransaction(() -> letters.list(consumer, all, page));
    }
}
