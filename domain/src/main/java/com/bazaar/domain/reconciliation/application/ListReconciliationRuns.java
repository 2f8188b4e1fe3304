package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.util.List;
import java.util.Optional;

/** Lists reconciliation runs, newest first: provider, file, status, when, how many items and open discrepancies. */
public final class ListReconciliationRuns {

    /** The most runs one call lists. */
    public static final int MAX_LIMIT = 10_000;

    private final Transactions transactions;
    private final Guard guard;
    private final Reconciliations reconciliations;

    public ListReconciliationRuns(Transactions transactions, Guard guard, Reconciliations reconciliations) {
        this.transactions = transactions;
        this.guard = guard;
        this.reconciliations = reconciliations;
    }

    /** The newest {@code limit} runs (1 to {@link #MAX_LIMIT}), only those in {@code status} when given. */
    public List<Reconciliations.RunOverview> list(Actor actor, Optional<Reconciliations.RunStatus> status, int limit) {
        guard.require(actor, Action.RECON_VIEW, "reconciliation");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new com.bazaar.domain.shared.ValidationException("LIMIT_INVALID", "limit",
                    "--limit must be between 1 and " + MAX_LIMIT + " (got " + limit + ")");
        }
        return transactions.readOnly(() -> reconciliations.runs(status, limit));
    }
}
