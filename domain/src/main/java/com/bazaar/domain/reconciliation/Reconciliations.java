package com.bazaar.domain.reconciliation;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.MoneyTotal;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Port: reconciliation runs, their staged settlement lines, and the classified items (set-based in the adapter). */
public interface Reconciliations {

    /** Starts (or finds) the run; staging is cleared so a restarted run stages again from the file. */
    void begin(long runId, String provider, String sha256, String fileName, Instant at);

    /** Stages these lines (one statement); see {@link #stream} for a whole file. */
    default void stage(long runId, List<SettlementLine> lines) {
        try (LineStream stream = stream(runId)) {
            stream.stage(lines);
        }
    }

    /**
     * Stages lines of the run on one stream until it is paused or closed (the adapter: one COPY): the reader parses the
     * next lines while the database stores the ones before, instead of one statement and one wait per batch. Within
     * the caller's transaction, like {@link #stage}. Nothing else may use the transaction while the stream is open:
     * pause it first (to record a problem line, to look something up); the next {@link LineStream#stage} opens it
     * again.
     */
    LineStream stream(long runId);

    /** An open stream of settlement lines being staged. */
    interface LineStream extends AutoCloseable {

        void stage(List<SettlementLine> lines);

        /** Ends the stream: every line given so far is stored (or the failure is thrown); the transaction is free. */
        void pause();

        /** Pauses. */
        @Override
        void close();
    }

    /**
     * The Bazaar payments whose provider reference (the provider's id of the payment, e.g. Stripe's charge id) is one
     * of these: reference to payment id (the lowest id should two payments share one). For a settlement report whose
     * lines name the provider's charge instead of Bazaar's payment ({@code recon.stripe.reference=charge_id}).
     */
    java.util.Map<String, Long> paymentsByProviderReference(java.util.Collection<String> references);

    void problem(long runId, long line, String reason, String raw);

    /** Earlier classified, not superseded runs that cover a payout of this run. */
    List<Long> overlapping(long runId);

    void supersede(long oldRun, long newRun);

    boolean classified(long runId);

    /**
     * Classifies every settlement line of the run and every captured payment not settled by any current run, and
     * computes the payout waterfalls. Payments captured before {@code asOf - graceDays} without a settlement line are
     * MISSING_IN_SETTLEMENT, later ones PENDING_SETTLEMENT.
     */
    /** Brings the statistics of the staged lines up to date, once per run before it is classified. */
    void analyse();

    default void classify(long runId, int graceDays, Optional<LocalDate> asOf) {
        analyse();
        classifyLines(runId, 0, 1);
        completeClassification(runId, graceDays, asOf);
    }

    /**
     * Classifies the settlement lines of partition {@code part} of {@code parts} (0-based): lines are split by their
     * reference (a payment's or refund's lines always fall in one partition, so duplicates are found within it), the
     * others by line number; payout lines wait for {@link #completeClassification}. A partition classified again adds
     * nothing (one item per line: the unique key).
     */
    void classifyLines(long runId, int part, int parts);

    /**
     * Once every other line is classified: the payout waterfalls, the payout lines (a payout whose waterfall does not
     * add up is a PAYOUT_MISMATCH: it needs every line of the payout, whatever partition classified it), the captured
     * payments no current run has seen settled, and the run marked classified.
     */
    void completeClassification(long runId, int graceDays, Optional<LocalDate> asOf);

    /** Counts and amounts per category and currency, signed by their effect on the balance ({@link Summary}). */
    List<Summary> summary(long runId);

    /** Per currency of the run's lines: what they settled and what the payout lines paid out ({@link Balance}). */
    List<Balance> balances(long runId);

    List<Waterfall> waterfalls(long runId);

    default List<ReconItem> items(long runId, Optional<Category> category, int limit) {
        return items(runId, category, Optional.empty(), limit);
    }

    /** The run's items, of one category and/or in one status when given, by line (internal items last). */
    List<ReconItem> items(long runId, Optional<Category> category, Optional<ReconItem.Status> status, int limit);

    /** The newest {@code limit} runs (by id, newest first), only those in {@code status} when given. */
    /** A page of runs (only those in {@code status} when given), newest (highest run id) first; the id is the cursor. */
    Page<RunOverview> runs(Optional<RunStatus> status, PageRequest page);

    long problems(long runId);

    /** Whether the run was begun (staged, classified or superseded). */
    boolean exists(long runId);

    /** The first {@code limit} lines of the run's file that could not be read, by line number. */
    List<Problem> problemLines(long runId, int limit);

    /**
     * What the header of a run's report shows: its provider, file (name as given: untrusted text), checksum, status,
     * the run it superseded and the one superseding it, when it was begun, who ran it and when it completed (from its
     * audit record {@code recon.run}), and the payout date it was given ({@code recon run --payout-date}).
     */
    record RunHeader(long runId, String provider, String fileName, String fileSha256, RunStatus status,
                     Optional<Long> supersedes, Optional<Long> supersededBy, Instant createdAt, Optional<String> ranBy,
                     Optional<Instant> ranAt, Optional<LocalDate> payoutDate) {
    }

    Optional<RunHeader> header(long runId);

    /**
     * The reference each of these items of the run is known by (untrusted text): its settlement line's provider
     * reference, else its payment's provider reference; items with neither are absent.
     */
    java.util.Map<Long, String> references(long runId, java.util.Collection<Long> items);

    /**
     * What the run's discrepancies put at stake, per category and currency: the sum over its items of the distance
     * between what Bazaar expected and what was settled (an amount missing on one side counts whole), in minor units.
     */
    record AtStake(Category category, CurrencyCode currency, BigInteger minor) {
    }

    List<AtStake> atStake(long runId);

    /** The booking date of each payout of the run (its payout lines' latest), by payout id. */
    java.util.Map<String, LocalDate> payoutDates(long runId);

    /**
     * Discrepancies per day a classified run was begun on (UTC) and category, runs superseded left out: how many, and
     * how many are still OPEN or AWAITING_APPROVAL.
     */
    record DayDiscrepancies(LocalDate day, Category category, long count, long open) {
    }

    /** {@link DayDiscrepancies} of the runs begun from {@code from} to {@code to}, both included, by day and category. */
    List<DayDiscrepancies> discrepanciesPerDay(LocalDate from, LocalDate to);

    Optional<ReconItem> itemForUpdate(long id);

    void update(ReconItem item);

    /** A line of a run's file that could not be read: its number (header = 1), why, and its text as it was. */
    record Problem(long line, String reason, String raw) {
    }

    /**
     * Counts and sums per category and currency; sums are exact whatever the run's size (numeric in SQL). Every amount
     * is signed by its effect on the merchant's balance at the provider, as the settlement formats sign a line's gross:
     * money in (a payment) is positive, money out (a refund, a chargeback, a fee, a payout) negative, an adjustment as
     * the provider wrote it. {@code expected} is what Bazaar holds (a capture, a refund: negative), {@code actual} the
     * settled gross, {@code fees} the fees charged (negative; a fee returned is positive). So, per currency, actual +
     * fees of all rows is what the run's lines left at the provider ({@link Balance#left()}): 0 when everything the
     * lines settled was paid out.
     */
    record Summary(Category category, CurrencyCode currency, long count, MoneyTotal expected, MoneyTotal actual,
                   MoneyTotal fees) {
    }

    /**
     * Per currency of a run's lines: {@code settled}, the net (gross - fee) of every line but the payouts (what came
     * into the balance: payments less refunds, chargebacks, fees, adjustments as written); {@code paidOut}, what the
     * payout lines took out of it (positive for a payout to the bank).
     */
    record Balance(CurrencyCode currency, MoneyTotal settled, MoneyTotal paidOut) {

        /** What the lines left at the provider: settled - paid out (0 when everything settled was paid out). */
        public MoneyTotal left() {
            return new MoneyTotal(settled.minor().subtract(paidOut.minor()), currency);
        }
    }

    /** The stored statuses of a run: staged from its file, classified, or superseded by a corrected file. */
    enum RunStatus { STAGED, CLASSIFIED, SUPERSEDED }

    /**
     * A run as {@code recon list} shows it: its file's name as given to {@code recon run} (untrusted text), the number
     * of its items and of its discrepancies still OPEN or AWAITING_APPROVAL.
     */
    record RunOverview(long runId, String provider, String fileName, RunStatus status, Instant createdAt, long items,
                       long openDiscrepancies) {
    }

    /** A payout's waterfall; its sums are exact whatever the number of lines (numeric columns). */
    record Waterfall(String payoutId, String currency, BigInteger gross, BigInteger fees, BigInteger refunds,
                     BigInteger chargebacks, BigInteger adjustments, Optional<BigInteger> payout, boolean addsUp) {

        /**
     * gross - fees - refunds - chargebacks + adjustments: what should have been paid out. {@code payout} is what was
     * (ClassificationRules.paidOut, signed: negative when the provider collected from the merchant).
     */
        public BigInteger expected() {
            return gross.subtract(fees).subtract(refunds).subtract(chargebacks).add(adjustments);
        }
    }
}
