package com.bazaar.domain.shared;

import java.util.function.Supplier;

/** Port: runs work in one database transaction; everything the work writes commits or rolls back together. */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    /**
     * Runs work that only reads, in a read-only transaction, which may be served by a read replica: it may miss what
     * other processes committed moments ago (within the configured lag bound) and it cannot write. Use it for lists
     * and reports, never for a read that decides a write (that reads in the write's own transaction) or that must
     * see what another transaction of this process just committed (the adapter keeps those on the primary). Inside a
     * running transaction it joins that one, and so sees its writes.
     */
    default <T> T readOnly(Supplier<T> work) {
        return inTransaction(work);
    }

    /**
     * Runs work as one step of the current transaction that can be undone alone: when it throws, what it wrote and the
     * row locks it took are given back (a savepoint) and the exception propagates; the rest of the transaction goes on.
     * Called inside {@link #inTransaction}.
     */
    <T> T undoableStep(Supplier<T> work);

    /** True when the calling thread is inside a transaction opened by {@link #inTransaction}. */
    boolean active();

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
