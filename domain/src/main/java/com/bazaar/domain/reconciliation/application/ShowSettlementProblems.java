package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.domain.support.Guard;

import java.util.List;

/**
 * The lines of a run's settlement file that could not be read (line number, reason, the line's text as the file had
 * it), by line number: what the "N line(s) of the file could not be read" of a run's report are. Read as
 * {@code recon report} is ({@code recon.view}).
 */
public final class ShowSettlementProblems {

    /** The most lines one call returns. */
    public static final int MAX_LIMIT = 1_000_000;

    /** The problems shown, and how many the run has in all. */
    public record Problems(long runId, List<Reconciliations.Problem> lines, long total) {
        public Problems {
            lines = List.copyOf(lines);
        }
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Reconciliations reconciliations;

    public ShowSettlementProblems(Transactions transactions, Guard guard, Reconciliations reconciliations) {
        this.transactions = transactions;
        this.guard = guard;
        this.reconciliations = reconciliations;
    }

    /**
     * The first {@code limit} (1 to {@value #MAX_LIMIT}) unreadable lines of run {@code runId}.
     *
     * @throws NotFound           {@code RUN_NOT_FOUND} when no such run was recorded
     * @throws ValidationException {@code LIMIT_INVALID} for a limit out of range
     */
    public Problems show(Actor actor, long runId, int limit) {
        guard.require(actor, Action.RECON_VIEW, "recon:" + runId);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("LIMIT_INVALID", "limit", "--limit must be between 1 and " + MAX_LIMIT
                    + " (got " + limit + ")");
        }
        return transactions.readOnly(() -> {
            if (!reconciliations.exists(runId)) {
                throw new NotFound("RUN_NOT_FOUND", "reconciliation run " + runId + " does not exist");
            }
            return new Problems(runId, reconciliations.problemLines(runId, limit), reconciliations.problems(runId));
        });
    }
}
