package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies a staged settlement file against Bazaar's payments and refunds, once per run, audited. A file that covers
 * payouts an earlier run already reconciled is refused unless the caller explicitly supersedes the earlier run.
 */
public final class RunReconciliation {

    private final Transactions transactions;
    private final Guard guard;
    private final Reconciliations reconciliations;
    private final Recorder recorder;
    private final Clock clock;

    public RunReconciliation(Transactions transactions, Guard guard, Reconciliations reconciliations, AuditTrail audit,
                             Outbox outbox, Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.reconciliations = reconciliations;
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
    }

    public void authorise(Actor actor) {
        guard.require(actor, Action.RECON_RUN, "reconciliation");
    }

    public void begin(Actor actor, long runId, String provider, String sha256, String fileName) {
        authorise(actor);
        transactions.run(() -> reconciliations.begin(runId, provider, sha256, fileName, clock.instant()));
    }

    /** Classifies (once: a classified run is left as it is) and returns the summary. */
    public List<Reconciliations.Summary> classify(Actor actor, long runId, boolean supersede, int graceDays,
                                                  Optional<LocalDate> asOf) {
        authorise(actor);
        return transactions.inTransaction(() -> {
            if (!reconciliations.classified(runId)) {
                List<Long> earlier = reconciliations.overlapping(runId);
                if (!earlier.isEmpty() && !supersede) {
                    throw new Conflict("PAYOUT_ALREADY_RECONCILED", "run(s) " + earlier + " already reconciled a payout"
                            + " of this file: pass --supersede to replace them with this corrected file");
                }
                earlier.forEach(old -> reconciliations.supersede(old, runId));
                reconciliations.classify(runId, graceDays, asOf);
                var now = clock.instant();
                Map<String, Object> after = Json.object();
                after.put("run", runId);
                after.put("supersedes", earlier);
                reconciliations.summary(runId).forEach(s -> after.put(s.category().name() + "/" + s.currency(),
                        s.count()));
                recorder.record(now, actor, "recon.run", "recon:" + runId, null, after,
                        Recorder.event("ReconciliationCompleted", "recon", runId, after, now, actor));
            }
            return reconciliations.summary(runId);
        });
    }
}
