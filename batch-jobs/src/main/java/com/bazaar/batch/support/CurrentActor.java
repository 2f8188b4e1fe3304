package com.bazaar.batch.support;

import com.bazaar.domain.identity.Actor;

import java.util.Objects;

/**
 * Who runs the job in this process: set by the front end after authenticating, read by the steps so every use case
 * they call is authorised and audited as that actor (a restart runs as the user who restarts).
 */
public final class CurrentActor {

    private volatile Actor actor;

    public void set(Actor actor) {
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    public Actor get() {
        if (actor == null) {
            throw new IllegalStateException("a job runs as an authenticated actor; none was set");
        }
        return actor;
    }
}
