package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.util.List;
import java.util.Optional;

/** Lists reconciliation runs, newest first: provider, file, status, when, how many items and open discrepancies. */
public final class ListReconciliationRuns {

    private final Transactions transactions;
    private final Guard guard;
    private final Reconciliations reconciliations;

    public ListReconciliationRuns(Transactions transactions, Guard guard, Reconciliations reconciliations) {
        this.transactions = transactions;
        this.guard = guard;
        this.reconciliations = reconciliations;
    }

    /** A page of runs, newest first, only those in {@code status} when given. */
    public Page<Reconciliations.RunOverview> list(Actor actor, Optional<Reconciliations.RunStatus> status,
                                                  PageRequest page) {
        guard.require(actor, Action.RECON_VIEW, "reconciliation");
        return transactions.readOnly(() -> reconciliations.runs(status, page));
    }
}
