package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.event.Transition;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.ReconItem;
import com.bazaar.domain.reconciliation.ReconciliationEvent;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;
import java.util.function.Function;

/**
 * Finance resolves a discrepancy (accepted, adjusted, written off), with a reason; a write-off above the threshold
 * waits for a second finance user, who approves it (four eyes: domain and CHECK constraint). Audited.
 */
public final class ResolveDiscrepancy {

    private final Transactions transactions;
    private final Guard guard;
    private final Reconciliations reconciliations;
    private final Recorder recorder;
    private final Clock clock;
    private final long approvalThresholdMinor;

    public ResolveDiscrepancy(Transactions transactions, Guard guard, Reconciliations reconciliations, AuditTrail audit,
                              Outbox outbox, Clock clock, long approvalThresholdMinor) {
        this.transactions = transactions;
        this.guard = guard;
        this.reconciliations = reconciliations;
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
        this.approvalThresholdMinor = approvalThresholdMinor;
    }

    public ReconItem resolve(Actor actor, long itemId, ReconItem.Resolution how, String reason) {
        String why = Text.required(reason, "reason", "REASON_REQUIRED", 500);
        guard.require(actor, Action.RECON_RESOLVE, "recon-item:" + itemId);
        return change(actor.withReason(why), itemId, "recon.resolve",
                item -> item.resolve(how, actor.name(), why, approvalThresholdMinor));
    }

    public ReconItem approve(Actor actor, long itemId) {
        guard.require(actor, Action.RECON_APPROVE, "recon-item:" + itemId);
        return change(actor, itemId, "recon.approve", item -> item.approve(actor.name()));
    }

    private ReconItem change(Actor actor, long itemId, String action,
                             Function<ReconItem, Transition<ReconItem, ReconciliationEvent>> how) {
        return transactions.inTransaction(() -> {
            ReconItem before = reconciliations.itemForUpdate(itemId)
                    .orElseThrow(() -> new NotFound("ITEM_NOT_FOUND", "reconciliation item " + itemId + " does not exist"));
            var transition = how.apply(before);
            ReconItem after = transition.aggregate();
            reconciliations.update(after);
            recorder.record(clock.instant(), actor, action, "recon-item:" + itemId, before.snapshot(), after.snapshot(),
                    transition.events());
            return after;
        });
    }
}
