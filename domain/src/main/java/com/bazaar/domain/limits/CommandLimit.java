package com.bazaar.domain.limits;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The limit on commands per user ({@code limits.command.per-user}): a user's command takes one token of the user's
 * bucket at its first authorised action that changes something ({@link Action.Kind#CHANGE}), and no more however many
 * use cases or rows it then runs - a refunds job of 10,000 rows is one command, charged when it is started. Reads
 * ({@link Action.Kind#READ}), scheduled upkeep ({@link Action.Kind#UPKEEP}) and the system's own actors are never
 * charged. Called by the {@link com.bazaar.domain.support.Guard} after it authorised an action, so every use case is
 * covered without calling it itself.
 *
 * <p>A command is an actor's user and correlation id, as this process sees it: which commands have paid is kept in
 * memory, shared with the jobs a command starts ({@link #sharedWith}). A process that takes requests from many commands
 * (the order-intake worker) ends each with {@link #finished}, so a client reusing one correlation id is charged per
 * request. An action authorised inside a transaction - a row of a job's chunk - is work under way, never charged.
 */
public final class CommandLimit {

    /** Past this many commands remembered at once (a leak of {@link #finished} calls), the memory starts over. */
    private static final int REMEMBERED = 100_000;

    private final Limits limits;
    /** Commands that have paid; a ConcurrentHashMap for its atomic computeIfAbsent (one take per command). */
    private final ConcurrentHashMap<String, Boolean> paid;

    public CommandLimit(Limits limits) {
        this(limits, new ConcurrentHashMap<>());
    }

    private CommandLimit(Limits limits, ConcurrentHashMap<String, Boolean> paid) {
        this.limits = limits;
        this.paid = paid;
    }

    /** No limit: for wirings without one (tests of single use cases). */
    public static CommandLimit none() {
        return new CommandLimit(null);
    }

    /**
     * The same commands charged through other {@link Limits} (the job runtime's own connections): a job's rows run
     * under the command that started it, which has paid already.
     */
    public CommandLimit sharedWith(Limits other) {
        return new CommandLimit(other, paid);
    }

    /**
     * Charges the actor's command for this authorised action: a token the first time it changes something, nothing
     * after. Throws {@link com.bazaar.domain.shared.RateLimited} (counted, audited once per window: {@link Limits})
     * when the user's bucket is empty; the command has then not paid, and changed nothing.
     */
    public void charge(Actor actor, Action action) {
        if (limits == null || action.kind() != Action.Kind.CHANGE || actor.user().isEmpty()
                || limits.configured().of(LimitScope.COMMAND_PER_USER).isEmpty()) {
            return;
        }
        if (!limits.checkableNow()) {
            // authorised inside a transaction: a row of a job's chunk, work under way that was paid for when the job
            // was started (a limit is never checked inside a transaction: Limits#admit)
            return;
        }
        if (paid.size() > REMEMBERED) {
            paid.clear();
        }
        // one take per command even when its threads get here at once: the others wait for the first
        paid.computeIfAbsent(command(actor), command -> {
            limits.admit(actor, action.code(), LimitScope.COMMAND_PER_USER, actor.name());
            return Boolean.TRUE;
        });
    }

    /**
     * The command repeats one already done (an idempotency key used before): it takes no token, as a replayed order
     * takes none of the buyer's or the seller's.
     */
    public void replayed(Actor actor) {
        if (limits != null) {
            paid.put(command(actor), Boolean.TRUE);
        }
    }

    /** The command is over: a later one under the same correlation id pays again. */
    public void finished(Actor actor) {
        paid.remove(command(actor));
    }

    private static String command(Actor actor) {
        return actor.name() + "|" + actor.correlationId().value();
    }
}
