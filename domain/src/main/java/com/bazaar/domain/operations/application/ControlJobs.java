package com.bazaar.domain.operations.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.NotFound;

import java.util.Optional;

/** Who may look at batch jobs and who may stop or restart them (docs/rbac.md: job.view, job.control). */
public final class ControlJobs {

    /** What decides who may see a job execution: the seller it runs for (none for refunds, recon, audit export). */
    public record Job(Optional<String> seller) {
    }

    private final Guard guard;
    private final Sellers sellers;

    public ControlJobs(Guard guard, Sellers sellers) {
        this.guard = guard;
        this.sellers = sellers;
    }

    /** Requires job.view; returns true when the actor sees every seller's jobs, false when only its own seller's. */
    public boolean view(Actor actor) {
        guard.requireSome(actor, Action.JOB_VIEW, "jobs");
        return AccessPolicy.allowsAny(actor, Action.JOB_VIEW);
    }

    /**
     * Requires job.view, and answers which jobs the actor may see listed: every job for an actor that sees every
     * seller's jobs; otherwise only the jobs run for the actor's own seller (never a job of no seller: refunds,
     * reconciliation, audit export). The same rule as {@link #requireVisible}, applied to many jobs at once.
     */
    public java.util.function.Predicate<Job> visibleTo(Actor actor) {
        if (view(actor)) {
            return job -> true;
        }
        Optional<String> own = actor.seller().flatMap(sellers::byId).map(s -> s.code().value());
        return job -> own.isPresent() && job.seller().equals(own);
    }

    /**
     * Requires that the actor may see job execution {@code id} ({@code found}: the execution, empty when no such id).
     * A seller user sees only its own seller's jobs; any other execution is, to it, exactly a missing one: not found,
     * the same sentence (the attempt is audited as DENIED).
     */
    public void requireVisible(Actor actor, long id, Optional<Job> found) {
        String target = "job:" + id;
        guard.requireSome(actor, Action.JOB_VIEW, target);
        guard.visible(actor, Action.JOB_VIEW, target, found, job -> job.seller().flatMap(this::sellerId),
                () -> missing(id));
    }

    /** A job execution id that does not exist (or that the actor may not see). */
    public static NotFound missing(long id) {
        return new NotFound("JOB_NOT_FOUND", "job execution " + id + " does not exist");
    }

    private Optional<com.bazaar.domain.seller.SellerId> sellerId(String code) {
        try {
            return sellers.byCode(SellerCode.of(code)).map(Seller::id);
        } catch (com.bazaar.domain.shared.ValidationException notACode) {
            return Optional.empty();
        }
    }

    /** Refund files are for the roles that may issue refunds (finance, operator, admin). */
    public void refundsAllowed(Actor actor) {
        guard.require(actor, Action.REFUND_ISSUE, "refunds");
    }

    public void control(Actor actor, String target) {
        guard.require(actor, Action.JOB_CONTROL, target);
    }
}
