package com.bazaar.domain.identity;

import java.time.Instant;

/** Port: the one-row record that this Bazaar installation has been initialised (a primary key makes it once-only). */
public interface Installation {

    /** Marks the installation initialised; returns false when it already was. */
    boolean markInitialised(Instant at);

    boolean isInitialised();
}
