package com.bazaar.domain.event;

import java.util.Optional;

/**
 * Port: the one lease that lets a process relay the outbox, across every host of the installation. One relay at a
 * time keeps each aggregate's events in order (two relays reading the same rows would interleave them). The lease
 * ends with its holder: a holder that dies, or loses its database session, holds nothing.
 */
public interface RelayLease {

    /** Takes the lease when nobody holds it; empty when another relay does. */
    Optional<Held> tryTake();

    /** A lease taken; {@link #close} gives it back. */
    interface Held extends AutoCloseable {

        /** True while the lease is still this holder's (its session alive); checked before every batch. */
        boolean stillHeld();

        @Override
        void close();
    }
}
