package com.bazaar.domain.application;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;

/** Who may look at batch jobs and who may stop or restart them (docs/rbac.md: job.view, job.control). */
public final class ControlJobs {

    private final Guard guard;

    public ControlJobs(Guard guard) {
        this.guard = guard;
    }

    /** Requires job.view; returns true when the actor sees every seller's jobs, false when only its own seller's. */
    public boolean view(Actor actor) {
        guard.requireSome(actor, Action.JOB_VIEW, "jobs");
        return AccessPolicy.allowsAny(actor, Action.JOB_VIEW);
    }

    /** Refund files are for the roles that may issue refunds (finance, operator, admin). */
    public void refundsAllowed(Actor actor) {
        guard.require(actor, Action.REFUND_ISSUE, "refunds");
    }

    public void control(Actor actor, String target) {
        guard.require(actor, Action.JOB_CONTROL, target);
    }
}
