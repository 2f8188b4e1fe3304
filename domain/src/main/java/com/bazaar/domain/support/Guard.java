package com.bazaar.domain.support;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.audit.Outcome;
import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.limits.CommandLimit;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Enforces the access matrix for every use case. A refusal is itself audited (outcome DENIED) in a
 * transaction of its own, so it stays recorded although the refused work never runs. Every authorisation passes
 * here, so this is also where a user's command is charged to the limit on commands per user ({@link CommandLimit}):
 * after an action that changes something is allowed, before any of its work runs.
 */
public final class Guard {

    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final CommandLimit commands;

    /** Without a limit on commands per user. */
    public Guard(Transactions transactions, AuditTrail audit, Clock clock) {
        this(transactions, audit, clock, CommandLimit.none());
    }

    public Guard(Transactions transactions, AuditTrail audit, Clock clock, CommandLimit commands) {
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.commands = commands;
    }

    /** The limit on commands per user that every allowed action is charged to. */
    public CommandLimit commands() {
        return commands;
    }

    /** Requires access to the action on any seller's data (or data that belongs to no seller). */
    public void require(Actor actor, Action action, String target) {
        if (!AccessPolicy.allowsAny(actor, action)) {
            deny(actor, action, target);
        }
        commands.charge(actor, action);
    }

    /** Requires access to the action on this seller's data (a seller user: only its own seller). */
    public void requireFor(Actor actor, Action action, SellerId seller, String target) {
        if (!AccessPolicy.allowsFor(actor, action, seller)) {
            deny(actor, action, target);
        }
        commands.charge(actor, action);
    }

    /** Requires that some role grants the action at all, possibly only on the actor's own seller. */
    public void requireSome(Actor actor, Action action, String target) {
        if (AccessPolicy.accessOf(actor, action) == com.bazaar.domain.identity.Access.DENY) {
            deny(actor, action, target);
        }
        commands.charge(actor, action);
    }

    /**
     * Audits the refusal and throws it. Must be called outside the use case's transaction: inside it, the
     * DENIED record would be rolled back together with the refused work.
     */
    public PermissionDenied deny(Actor actor, Action action, String target) {
        if (transactions.active()) {
            throw new IllegalStateException("permission checks run before the use case's transaction opens");
        }
        transactions.run(() -> audit.append(AuditEntry.denied(clock.instant(), actor, action.code(), target)));
        String roles = actor.roles().isEmpty() ? "no role" : "role " + actor.rolesLabel();
        throw new PermissionDenied("PERMISSION_DENIED",
                "permission denied: " + actor.name() + " (" + roles + ") may not " + action.code() + " on " + target);
    }

    /**
     * The thing an id names, if the actor may perform the action on it. Call after {@link #requireSome}. A thing the
     * actor may not see - another seller's, for a seller user - gets exactly the answer a missing id gets
     * ({@code missing}: not found, exit 5, the same sentence), so ids cannot be probed; the attempt is still audited
     * as DENIED. A missing id asked by an actor who sees every seller's data is simply not found.
     *
     * @param found the thing, if the id exists
     * @param owner the seller the thing belongs to (empty: it belongs to no seller, e.g. a refunds job)
     */
    public <T> T visible(Actor actor, Action action, String target, Optional<T> found,
                         Function<T, Optional<SellerId>> owner, Supplier<NotFound> missing) {
        if (AccessPolicy.allowsAny(actor, action)) {
            T thing = found.orElseThrow(missing);
            commands.charge(actor, action);
            return thing;
        }
        if (found.isPresent() && owner.apply(found.get()).map(s -> AccessPolicy.allowsFor(actor, action, s))
                .orElse(false)) {
            commands.charge(actor, action);
            return found.get();
        }
        if (transactions.active()) {
            throw new IllegalStateException("visibility checks run before the use case's transaction opens");
        }
        transactions.run(() -> audit.append(AuditEntry.denied(clock.instant(), actor, action.code(), target)));
        throw missing.get();
    }

    /**
     * A business rule refuses an authenticated actor (for example: a suspended seller's own users may not change its
     * catalog). Audited like a permission refusal - outcome DENIED, with the rule's code, in a transaction of its own -
     * and returned for the caller to throw (exit 4). Call it outside the refused work's transaction: before it opens,
     * or after it rolled back.
     */
    public RuleViolation refuse(Actor actor, Action action, String target, RuleViolation rule) {
        Map<String, Object> why = Json.object();
        why.put("refused", rule.code());
        transactions.run(() -> audit.append(new AuditEntry(clock.instant(), actor, action.code(), target,
                Outcome.DENIED, Optional.empty(), Optional.of(Json.write(why)))));
        return rule;
    }
}
