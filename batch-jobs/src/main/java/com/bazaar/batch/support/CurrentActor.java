package com.bazaar.batch.support;

import com.bazaar.domain.identity.Actor;

import java.util.Objects;

/**
 * Who runs the job in this process: set by the front end after authenticating, read by the steps so every use case
 * they call is authorised and audited as that actor (a restart runs as the user who restarts).
 */
public final class CurrentActor {

    private volatile Actor actor;
    /** The actor of a partition this thread runs for another process's job (see {@link #runAs}). */
    private final ThreadLocal<Actor> partition = new ThreadLocal<>();

    public void set(Actor actor) {
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /**
     * Runs {@code work} on this thread as {@code actor}: a partition of a job started by someone else, while the
     * facade's own job (if any) keeps its actor on its own threads.
     */
    public void runAs(Actor actor, Runnable work) {
        partition.set(Objects.requireNonNull(actor, "actor"));
        try {
            work.run();
        } finally {
            partition.remove();
        }
    }

    public Actor get() {
        Actor own = partition.get();
        if (own != null) {
            return own;
        }
        if (actor == null) {
            throw new IllegalStateException("a job runs as an authenticated actor; none was set");
        }
        return actor;
    }
}
