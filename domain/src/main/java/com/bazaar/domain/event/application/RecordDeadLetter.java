package com.bazaar.domain.event.application;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.shared.Transactions;

/**
 * Keeps a dead letter the worker read from a dead-letter topic, once per dead-letter record (the worker's mirror reads
 * at least once). No actor: the record died on its own; what an operator then does with it is audited.
 */
public final class RecordDeadLetter {

    private final Transactions transactions;
    private final DeadLetters letters;

    public RecordDeadLetter(Transactions transactions, DeadLetters letters) {
        this.transactions = transactions;
        this.letters = letters;
    }

    /** True when it is new; false when this dead-letter record was kept before. */
    public boolean record(DeadLetter.Arrival arrival) {
        return transactions.inTransaction(() -> letters.add(arrival));
    }
}
