package com.bazaar.domain.shared;

import java.util.function.Supplier;

/** Port: runs work in one database transaction; everything the work writes commits or rolls back together. */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    /** True when the calling thread is inside a transaction opened by {@link #inTransaction}. */
    boolean active();

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
