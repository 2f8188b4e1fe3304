package com.bazaar.domain.reconciliation.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ReconItem;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.Transactions;

import java.util.List;
import java.util.Optional;

/**
 * Reads a run: summary per category and currency (signed by the effect on the balance, {@link Reconciliations.Summary}),
 * what its lines settled and paid out per currency, payout waterfalls, items (discrepancies with their differences).
 */
public final class ReconciliationReport {

    public record Report(long runId, List<Reconciliations.Summary> summary, List<Reconciliations.Balance> balances,
                         List<Reconciliations.Waterfall> waterfalls, List<ReconItem> items, long problems) {
    }

    /** Which items a report lists: of one category, in one status, or both; at most {@code limit}. */
    public record ItemFilter(Optional<Category> category, Optional<ReconItem.Status> status, int limit) {

        public ItemFilter {
            if (limit < 1) {
                throw new IllegalArgumentException("limit " + limit);
            }
        }

        public static ItemFilter first(int limit) {
            return new ItemFilter(Optional.empty(), Optional.empty(), limit);
        }
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Reconciliations reconciliations;

    public ReconciliationReport(Transactions transactions, Guard guard, Reconciliations reconciliations) {
        this.transactions = transactions;
        this.guard = guard;
        this.reconciliations = reconciliations;
    }

    public Report report(Actor actor, long runId, ItemFilter items) {
        guard.require(actor, Action.RECON_VIEW, "recon:" + runId);
        return transactions.readOnly(() -> {
            if (!reconciliations.classified(runId)) {
                throw new com.bazaar.domain.shared.NotFound("RUN_NOT_FOUND", "reconciliation run " + runId
                        + " does not exist or is not classified");
            }
            return new Report(runId, reconciliations.summary(runId), reconciliations.balances(runId),
                    reconciliations.waterfalls(runId),
                    reconciliations.items(runId, items.category(), items.status(), items.limit()),
                    reconciliations.problems(runId));
        });
    }

    /**
     * Everything a run's printable report shows (recon report --output html): its header, the report of {@link
     * #report}, the reference each item is known by, each payout's date, and the first lines that could not be read.
     */
    public record Detailed(Reconciliations.RunHeader header, Report report, java.util.Map<Long, String> references,
                           java.util.Map<String, java.time.LocalDate> payoutDates,
                           List<Reconciliations.AtStake> atStake, List<Reconciliations.Problem> problems) {
    }

    public Detailed detailed(Actor actor, long runId, ItemFilter items, int problemLimit) {
        return transactions.readOnly(() -> { // one snapshot: the report's transaction joins this one
            Report report = report(actor, runId, items);
            return new Detailed(reconciliations.header(runId).orElseThrow(), report,
                    reconciliations.references(runId, report.items().stream().map(ReconItem::id).toList()),
                    reconciliations.payoutDates(runId), reconciliations.atStake(runId),
                    reconciliations.problemLines(runId, problemLimit));
        });
    }

    /** The most days a trend covers: a year and a day. */
    public static final int MAX_TREND_DAYS = 366;

    /** Discrepancies per day of the runs begun from {@code from} to {@code to} (both included, UTC days). */
    public record Trend(java.time.LocalDate from, java.time.LocalDate to,
                        List<Reconciliations.DayDiscrepancies> days) {
    }

    public Trend trend(Actor actor, java.time.LocalDate from, java.time.LocalDate to) {
        guard.require(actor, Action.RECON_VIEW, "recon:" + from + ".." + to);
        if (to.isBefore(from)) {
            throw new com.bazaar.domain.shared.ValidationException("RANGE_INVALID", "to", "--to " + to
                    + " is before --from " + from);
        }
        if (java.time.temporal.ChronoUnit.DAYS.between(from, to) >= MAX_TREND_DAYS) {
            throw new com.bazaar.domain.shared.ValidationException("RANGE_INVALID", "to", "a trend covers at most "
                    + MAX_TREND_DAYS + " days; " + from + " to " + to + " is longer");
        }
        return transactions.readOnly(() -> new Trend(from, to, reconciliations.discrepanciesPerDay(from, to)));
    }
}
