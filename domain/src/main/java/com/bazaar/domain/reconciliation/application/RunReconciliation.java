package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.reconciliation.ReconciliationEvent;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.Conflict;
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
                reconciliations.analyse();
                List<Long> earlier = earlier(runId, supersede);
                reconciliations.classifyLines(runId, 0, 1);
                return complete(actor, runId, earlier, graceDays, asOf);
            }
            return reconciliations.summary(runId);
        });
    }

    /**
     * Before a run is classified in partitions: refuses at once a file that covers an earlier run's payout without
     * {@code supersede} (checked again when the run completes).
     */
    public void prepare(Actor actor, long runId, boolean supersede) {
        authorise(actor);
        transactions.run(() -> {
            if (!reconciliations.classified(runId)) {
                reconciliations.analyse(); // once, here: never inside the partitions (ANALYZE would serialise them)
                earlier(runId, supersede);
            }
        });
    }

    /**
     * Classifies the lines of partition {@code part} of {@code parts}, in the caller's transaction if there is one
     * (a batch step's: the items commit with the step's progress). Nothing for a run already classified.
     */
    public void classifyPart(Actor actor, long runId, int part, int parts) {
        authorise(actor);
        if (part < 0 || part >= parts) {
            throw new IllegalArgumentException("partition " + part + " of " + parts);
        }
        transactions.run(() -> {
            if (!reconciliations.classified(runId)) {
                reconciliations.classifyLines(runId, part, parts);
            }
        });
    }

    /** After every partition: the unsettled payments, the waterfalls, the earlier runs superseded, audited once. */
    public List<Reconciliations.Summary> complete(Actor actor, long runId, boolean supersede, int graceDays,
                                                  Optional<LocalDate> asOf) {
        authorise(actor);
        return transactions.inTransaction(() -> {
            if (!reconciliations.classified(runId)) {
                return complete(actor, runId, earlier(runId, supersede), graceDays, asOf);
            }
            return reconciliations.summary(runId);
        });
    }

    private List<Long> earlier(long runId, boolean supersede) {
        List<Long> earlier = reconciliations.overlapping(runId);
        if (!earlier.isEmpty() && !supersede) {
            throw new Conflict("PAYOUT_ALREADY_RECONCILED", "run(s) " + earlier + " already reconciled a payout"
                    + " of this file: pass --supersede to replace them with this corrected file");
        }
        return earlier;
    }

    /** Completes the run and returns its summary (read once: over a million items it is the report's dearest query). */
    private List<Reconciliations.Summary> complete(Actor actor, long runId, List<Long> earlier, int graceDays,
                                                   Optional<LocalDate> asOf) {
        earlier.forEach(old -> reconciliations.supersede(old, runId));
        reconciliations.completeClassification(runId, graceDays, asOf);
        var now = clock.instant();
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        List<Reconciliations.Summary> summary = reconciliations.summary(runId);
        summary.forEach(s -> counts.put(s.category().name() + "/" + s.currency(), s.count()));
        var completed = new ReconciliationEvent.ReconciliationCompleted(runId, earlier, counts);
        recorder.record(now, actor, "recon.run", "recon:" + runId, null, completed.payload(), completed);
        return summary;
    }
}
