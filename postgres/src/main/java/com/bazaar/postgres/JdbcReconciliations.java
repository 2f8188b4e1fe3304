package com.bazaar.postgres;

import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ClassificationRules;
import com.bazaar.domain.reconciliation.ClassificationRules.LineType;
import com.bazaar.domain.reconciliation.ClassificationRules.PaymentRule;
import com.bazaar.domain.reconciliation.ClassificationRules.PayoutRule;
import com.bazaar.domain.reconciliation.ClassificationRules.RefundRule;
import com.bazaar.domain.reconciliation.ClassificationRules.ReversalRule;
import com.bazaar.domain.reconciliation.ReconItem;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.reconciliation.SettlementLine;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.MoneyTotal;
import com.bazaar.domain.shared.Money;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link Reconciliations} in tables {@code recon_runs}, {@code settlement_lines}, {@code recon_items} and
 * {@code recon_waterfalls}. Classification is a handful of set-based statements; every settlement line gets exactly one
 * item (unique (run, line)), and so does every unsettled captured payment (unique (run, payment) for lines without a
 * settlement line).
 */
public final class JdbcReconciliations implements Reconciliations {

    /** A merchant reference that names a payment (POSIX regular expression of the domain's rule). */
    private static final String REFERENCE = "^[0-9]{1," + ClassificationRules.MAX_REFERENCE_DIGITS + "}$";
    /**
     * When the capture of payment {@code pid} was first posted to the ledger (null: never); a subquery, so that only
     * the lines whose category needs it look it up.
     */
    private static final String CAPTURED_AT = "SELECT min(l.posted_at) FROM ledger_postings l"
            + " WHERE l.transaction_ref = 'capture:' || pid";
    /** A PAYMENT line's category: the domain's rules, in the domain's order of precedence. */
    private static final String PAYMENT_CATEGORY = firstThatHolds(Arrays.stream(PaymentRule.values())
            .map(r -> Map.entry(paymentCondition(r), r.category())).toList(), ClassificationRules.OTHERWISE);
    /** A REFUND line's category: the domain's rules, in the domain's order of precedence. */
    private static final String REFUND_CATEGORY = firstThatHolds(Arrays.stream(RefundRule.values())
            .map(r -> Map.entry(refundCondition(r), r.category())).toList(), ClassificationRules.OTHERWISE);
    /** A PAYOUT line's category: the domain's rules, in the domain's order of precedence. */
    private static final String PAYOUT_CATEGORY = firstThatHolds(Arrays.stream(PayoutRule.values())
            .map(r -> Map.entry(payoutCondition(r), r.category())).toList(), ClassificationRules.OTHERWISE);
    /** A reversal line's category: the domain's rules, in the domain's order of precedence. */
    private static final String REVERSAL_CATEGORY = firstThatHolds(Arrays.stream(ReversalRule.values())
            .map(r -> Map.entry(reversalCondition(r), r.category())).toList(), ClassificationRules.OTHERWISE);
    private static final List<String> REVERSAL_TYPES = LineType.reversals().stream().map(Enum::name).toList();
    private static final List<String> REVERSED_TYPES = LineType.reversals().stream()
            .map(t -> t.reverses().orElseThrow().name()).distinct().toList();
    /** The type a reversal line (column {@code type}) reverses. */
    private static final String REVERSED_TYPE = LineType.reversals().stream()
            .map(t -> "WHEN '" + t.name() + "' THEN '" + t.reverses().orElseThrow().name() + "'")
            .collect(Collectors.joining(" ", "CASE type ", " END"));
    /** The reversal types whose original Bazaar records as a refund of the payment (the others: the payment itself). */
    private static final List<String> REFUND_EVIDENCE_TYPES = LineType.reversals().stream()
            .filter(t -> t.ledgerEvidence().orElseThrow() == ClassificationRules.LedgerEvidence.REFUND_OF_PAYMENT)
            .map(Enum::name).toList();
    /** The initial status of an item of the category in column {@code category}. */
    private static final String STATUS_OF_CATEGORY = Arrays.stream(Category.values())
            .map(c -> "WHEN '" + c.name() + "' THEN '" + ClassificationRules.initialStatus(c).name() + "'")
            .collect(Collectors.joining(" ", "CASE category ", " END"));
    private static final List<String> FIXED_TYPES = LineType.fixed().stream().map(Enum::name).toList();
    /** The category of a line of a type that lands in a fixed category. */
    private static final String FIXED_CATEGORY = LineType.fixed().stream()
            .map(t -> "WHEN '" + t.name() + "' THEN '" + t.fixedCategory().orElseThrow().name() + "'")
            .collect(Collectors.joining(" ", "CASE s.type ", " END"));
    private static final String FIXED_STATUS = LineType.fixed().stream()
            .map(t -> "WHEN '" + t.name() + "' THEN '"
                    + ClassificationRules.initialStatus(t.fixedCategory().orElseThrow()).name() + "'")
            .collect(Collectors.joining(" ", "CASE s.type ", " END"));
    /**
     * The line types whose items store Bazaar's and the provider's amounts as positive outflows (a settled refund of
     * 5.00 USD: expected and actual 500, its line's gross -500); the report signs them back (Summary).
     */
    private static final List<String> OUTFLOWS = List.of(LineType.REFUND.name());

    /** The exponent of every currency with other than 2 minor digits (JPY 0, KWD 3), as SQL over {@code %s}. */
    private static final String MINOR_DIGITS = java.util.Currency.getAvailableCurrencies().stream()
            .map(java.util.Currency::getCurrencyCode).filter(c -> c.matches("[A-Z]{3}")).sorted()
            .filter(c -> java.util.Currency.getInstance(c).getDefaultFractionDigits() >= 0)
            .map(CurrencyCode::new).filter(c -> c.minorDigits() != 2)
            .map(c -> "WHEN '" + c.value() + "' THEN " + c.minorDigits())
            .collect(Collectors.joining(" ", "CASE %s ", " ELSE 2 END"));
    private static final java.util.regex.Pattern MAJOR =
            java.util.regex.Pattern.compile("major\\[([^\\[\\]]+), ([^\\[\\]]+)\\]");

    /**
     * Rewrites each {@code major[AMOUNT, CURRENCY]} of a statement (AMOUNT in minor units) into SQL text of the amount in
     * major units and its currency, {@code 12.99 USD}, {@code 1200 JPY}: what items' differences say (Money.toString).
     */
    static String majorUnits(String sql) {
        return MAJOR.matcher(sql).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(major(m.group(1),
                m.group(2))));
    }

    private static String major(String minor, String currency) {
        String digits = MINOR_DIGITS.formatted(currency);
        return "(round((" + minor + ")::numeric / power(10::numeric, " + digits + "), " + digits + ")::text || ' ' || "
                + currency + ")";
    }

    private final JdbcClient jdbc;
    private final javax.sql.DataSource dataSource;

    public JdbcReconciliations(Database database) {
        this.jdbc = database.jdbc();
        this.dataSource = database.dataSource();
    }

    @Override
    public void begin(long runId, String provider, String sha256, String fileName, Instant at) {
        jdbc.sql("INSERT INTO recon_runs (run_id, provider, file_sha256, file_name, status, created_at)"
                        + " VALUES (:run, :provider, :sha, :file, 'STAGED', :at) ON CONFLICT (run_id) DO NOTHING")
                .param("run", runId).param("provider", provider).param("sha", sha256).param("file", fileName)
                .param("at", Rows.param(at)).update();
        jdbc.sql("DELETE FROM settlement_lines WHERE run_id = :run AND NOT EXISTS (SELECT 1 FROM recon_runs"
                + " WHERE run_id = :run AND status <> 'STAGED')").param("run", runId).update();
        jdbc.sql("DELETE FROM settlement_problems WHERE run_id = :run AND NOT EXISTS (SELECT 1 FROM recon_runs"
                + " WHERE run_id = :run AND status <> 'STAGED')").param("run", runId).update();
    }

    private static final String COPY_LINES = "COPY settlement_lines (run_id, line, provider_reference,"
            + " merchant_reference, type, gross_minor, fee_minor, net_minor, currency, exchange_rate, booking_date,"
            + " payout_id, charge_id, source_id) FROM STDIN (FORMAT csv)";

    @Override
    public LineStream stream(long runId) {
        return new CopyStream(runId);
    }

    /**
     * One {@code COPY settlement_lines} on the transaction's connection, fed batch by batch: the server stores a batch
     * while the reader parses the next (a COPY per batch of 1,000 lines made the two wait for each other, and ran a
     * statement and its triggers a thousand times per million lines). A batch of lines commits with the rest of the
     * step or not at all.
     */
    private final class CopyStream implements LineStream {

        private final long runId;
        private java.sql.Connection connection;
        private org.postgresql.copy.CopyIn copy;

        CopyStream(long runId) {
            this.runId = runId;
        }

        @Override
        public void stage(List<SettlementLine> lines) {
            if (lines.isEmpty()) {
                return;
            }
            byte[] csv = csv(runId, lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                if (copy == null) {
                    connection = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
                    copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(COPY_LINES);
                }
                copy.writeToCopy(csv, 0, csv.length);
            } catch (SQLException e) {
                abandon();
                throw new IllegalStateException("could not stage settlement lines: " + e.getMessage(), e);
            }
        }

        @Override
        public void pause() {
            if (copy == null) {
                return;
            }
            try {
                copy.endCopy();
            } catch (SQLException e) {
                abandon();
                throw new IllegalStateException("could not stage settlement lines: " + e.getMessage(), e);
            }
            release();
        }

        @Override
        public void close() {
            pause();
        }

        /** After a failure: the COPY cancelled if it is still open (the transaction rolls back anyway). */
        private void abandon() {
            try {
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException ignored) {
                // the failure being thrown already says what went wrong
            } finally {
                release();
            }
        }

        private void release() {
            copy = null;
            if (connection != null) {
                org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(connection, dataSource);
                connection = null;
            }
        }
    }

    /** The lines as COPY csv rows, in the column order of {@link #COPY_LINES}. */
    private static String csv(long runId, List<SettlementLine> lines) {
        StringBuilder csv = new StringBuilder(lines.size() * 96);
        for (SettlementLine l : lines) {
            csv.append(runId).append(',').append(l.line()).append(',');
            text(csv, l.providerReference());
            csv.append(',');
            l.merchantReference().ifPresent(v -> text(csv, v));
            csv.append(',');
            text(csv, String.valueOf(l.type()));
            csv.append(',').append(l.gross().minor()).append(',').append(l.fee().minor()).append(',')
                    .append(l.net().minor()).append(',').append(l.gross().currency().value()).append(',');
            l.exchangeRate().ifPresent(r -> csv.append(r.toPlainString()));
            csv.append(',').append(l.bookingDate()).append(',');
            l.payoutId().ifPresent(v -> text(csv, v));
            csv.append(',');
            l.chargeId().ifPresent(v -> text(csv, v));
            csv.append(',');
            l.sourceId().ifPresent(v -> text(csv, v));
            csv.append('\n');
        }
        return csv.toString();
    }

    private static void text(StringBuilder csv, String value) {
        csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    @Override
    public java.util.Map<String, Long> paymentsByProviderReference(java.util.Collection<String> references) {
        if (references.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, Long> found = new java.util.HashMap<>();
        // payments_provider_reference_idx (V23)
        jdbc.sql("SELECT provider_reference, min(id) FROM payments WHERE provider_reference IN (:refs) GROUP BY 1")
                .param("refs", List.copyOf(new java.util.LinkedHashSet<>(references)))
                .query((rs, n) -> found.put(rs.getString(1), rs.getLong(2))).list();
        return found;
    }

    @Override
    public void problem(long runId, long line, String reason, String raw) {
        jdbc.sql("INSERT INTO settlement_problems (run_id, line, reason, raw) VALUES (:run, :line, :reason, :raw)"
                        + " ON CONFLICT DO NOTHING")
                .param("run", runId).param("line", line).param("reason", reason).param("raw", raw).update();
    }

    @Override
    public List<Long> overlapping(long runId) {
        // from this run's payout ids to the earlier runs holding them (index settlement_lines_payout, V18): the cost
        // follows this file and the number of reconciled runs, never the lines of the whole history
        return jdbc.sql("""
                        WITH payouts AS MATERIALIZED (
                            SELECT DISTINCT payout_id FROM settlement_lines WHERE run_id = :run AND payout_id IS NOT NULL)
                        SELECT r.run_id FROM recon_runs r
                        WHERE r.run_id <> :run AND r.status = 'CLASSIFIED'
                          AND EXISTS (SELECT 1 FROM payouts p JOIN settlement_lines o
                                      ON o.payout_id = p.payout_id AND o.run_id = r.run_id)
                        ORDER BY 1""")
                .param("run", runId).query(Long.class).list();
    }

    @Override
    public void supersede(long oldRun, long newRun) {
        jdbc.sql("UPDATE recon_runs SET status = 'SUPERSEDED', superseded_by = :new WHERE run_id = :old")
                .param("old", oldRun).param("new", newRun).update();
    }

    @Override
    public boolean classified(long runId) {
        return jdbc.sql("SELECT count(*) FROM recon_runs WHERE run_id = :run AND status <> 'STAGED'")
                .param("run", runId).query(Long.class).single() > 0;
    }

    @Override
    public void analyse() {
        // fresh statistics: right after staging a large file autovacuum has not analysed it, and the planner would
        // guess a few rows and choose a million index probes instead of a hash join (and a slow overlap check).
        // Once per run, never inside a partition: ANALYZE of a table conflicts with itself until its transaction ends,
        // so partitions that each analysed ran one after the other (scripts/bench/partitions.sh found it)
        jdbc.sql("CALL analyze_staging_table('settlement_lines')").update(); // ANALYZE needs the owner: V10
    }

    @Override
    public void classifyLines(long runId, int part, int parts) {
        // partitions: a reference's lines in one partition (its duplicates are found within it), other lines by number
        String payments = parts == 1 ? "" : " AND mod(hashtext(coalesce(s.merchant_reference, s.provider_reference))"
                + "::bigint + 2147483648, :parts) = :part";
        String refunds = parts == 1 ? "" : " AND mod(hashtext(coalesce(s.merchant_reference, ''))::bigint"
                + " + 2147483648, :parts) = :part";
        String fixed = parts == 1 ? "" : " AND mod(s.line, :parts) = :part";
        // the earliest booking day of a payment line: only a capture posted a tolerance after it can make a line
        // SETTLED_BEFORE_CAPTURE, and such captures are a range of index ledger_postings_capture_time (V22) - in a file
        // booked after its captures an empty one, so no line looks its capture up
        Optional<LocalDate> earliest = jdbc.sql("SELECT min(booking_date) FROM settlement_lines"
                        + " WHERE run_id = :run AND type = 'PAYMENT'").param("run", runId)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, LocalDate.class))).single();
        // payments: the first line per merchant reference matches, later ones are duplicates
        jdbc.sql(majorUnits("""
                WITH pl AS (
                    SELECT s.*, row_number() OVER (PARTITION BY coalesce(s.merchant_reference, s.provider_reference)
                                                   ORDER BY s.line) AS nth,
                           CASE WHEN s.merchant_reference ~ :reference THEN s.merchant_reference::bigint END AS ref
                    FROM settlement_lines s WHERE s.run_id = :run AND s.type = 'PAYMENT'%s),
                late AS MATERIALIZED (
                    SELECT DISTINCT l.transaction_ref FROM ledger_postings l
                    WHERE l.transaction_ref LIKE 'capture:%%'
                      AND l.posted_at >= (CAST(:earliest AS date) + :bookedBeforeCapture)::timestamptz),
                m AS (
                    SELECT pl.*, p.id AS pid, p.status AS pstatus, p.captured_minor, p.currency AS pcur
                    FROM pl LEFT JOIN payments p ON p.id = pl.ref),
                c AS (
                    SELECT m.*, %s AS category FROM m)
                INSERT INTO recon_items (run_id, line, payment_id, category, expected_minor, actual_minor, currency,
                                         difference, candidate, status)
                SELECT :run, line, CASE WHEN nth = 1 THEN pid END, category, captured_minor, gross_minor, currency,
                    CASE category
                        WHEN 'DUPLICATE_IN_SETTLEMENT' THEN 'reference ' || coalesce(merchant_reference, provider_reference)
                             || ' is settled more than once in this file'
                        WHEN 'MISSING_IN_LEDGER' THEN 'no Bazaar payment ' || coalesce(merchant_reference, '(none)')
                             || ' for provider reference ' || provider_reference
                        WHEN 'CURRENCY_MISMATCH' THEN 'currency ' || pcur || ' in Bazaar, ' || currency || ' settled'
                        WHEN 'STATUS_MISMATCH' THEN 'settled, but the payment is ' || pstatus || ' in Bazaar'
                        WHEN 'AMOUNT_MISMATCH' THEN 'captured ' || major[captured_minor, currency] || ', settled '
                             || major[gross_minor, currency]
                        WHEN 'SETTLED_BEFORE_CAPTURE' THEN 'booked on ' || booking_date || ', captured in Bazaar on '
                             || (%s)::date || ': settled before it was captured'
                        WHEN 'FEE_ONLY' THEN 'matched; fee ' || major[fee_minor, currency]
                        ELSE 'matched' END,
                    CASE WHEN pid IS NOT NULL THEN 'payment ' || pid END,
                    %s
                FROM c
                ON CONFLICT (run_id, line) DO NOTHING""".formatted(payments, PAYMENT_CATEGORY, CAPTURED_AT,
                        STATUS_OF_CATEGORY)))
                .param("run", runId).param("part", part).param("parts", parts)
                .param("reference", REFERENCE).param("settledPayment", ClassificationRules.SETTLED_PAYMENT.name())
                .param("bookedBeforeCapture", ClassificationRules.BOOKED_BEFORE_CAPTURE_TOLERANCE_DAYS + 1)
                .param("earliest", earliest.orElse(null)).update();
        // refunds: matched to a refund of the referenced payment with the same amount
        jdbc.sql(majorUnits("""
                WITH rl AS (
                    SELECT s.*, row_number() OVER (PARTITION BY s.merchant_reference, s.gross_minor ORDER BY s.line) AS nth,
                           CASE WHEN s.merchant_reference ~ :reference THEN s.merchant_reference::bigint END AS ref
                    FROM settlement_lines s WHERE s.run_id = :run AND s.type = 'REFUND'%s),
                m AS (
                    SELECT rl.*, r.id AS rid, r.status AS rstatus, r.amount_minor, p.id AS pid
                    FROM rl LEFT JOIN payments p ON p.id = rl.ref
                    LEFT JOIN LATERAL (SELECT * FROM refunds x WHERE x.payment_id = p.id AND x.amount_minor = -rl.gross_minor
                                       ORDER BY x.id OFFSET rl.nth - 1 LIMIT 1) r ON true),
                c AS (
                    SELECT m.*, %s AS category FROM m)
                INSERT INTO recon_items (run_id, line, payment_id, category, expected_minor, actual_minor, currency,
                                         difference, candidate, status)
                SELECT :run, line, pid, category, amount_minor, -gross_minor, currency,
                    CASE category
                        WHEN 'MISSING_IN_LEDGER' THEN 'refund of unknown payment ' || coalesce(merchant_reference, '(none)')
                        WHEN 'DUPLICATE_IN_SETTLEMENT' THEN 'refund of payment ' || pid || ' settled more than once'
                        WHEN 'AMOUNT_MISMATCH' THEN 'no refund of ' || major[-gross_minor, currency] || ' on payment ' || pid
                        WHEN 'STATUS_MISMATCH' THEN 'settled, but refund ' || rid || ' is ' || rstatus || ' in Bazaar'
                        WHEN 'FEE_ONLY' THEN 'matched refund ' || rid || '; fee ' || major[fee_minor, currency]
                        ELSE 'matched refund ' || rid END,
                    CASE WHEN pid IS NOT NULL THEN 'payment ' || pid || coalesce(', refund ' || rid, '') END,
                    %s
                FROM c
                ON CONFLICT (run_id, line) DO NOTHING""".formatted(refunds, REFUND_CATEGORY, STATUS_OF_CATEGORY)))
                .param("run", runId).param("part", part).param("parts", parts)
                .param("reference", REFERENCE).param("settledRefund", ClassificationRules.SETTLED_REFUND.name())
                .update();
        // reversals: matched to what they reverse, in this file (same merchant or provider reference) or in Bazaar
        String reversals = parts == 1 ? "" : " AND mod(s.line, :parts) = :part";
        jdbc.sql("""
                WITH rv AS MATERIALIZED (
                    SELECT s.*, CASE WHEN s.merchant_reference ~ :reference THEN s.merchant_reference::bigint END AS ref
                    FROM settlement_lines s WHERE s.run_id = :run AND s.type IN (:reversalTypes)%s),
                originals AS (
                    -- the lines a reversal may reverse; not read at all when there is no reversal
                    SELECT type, merchant_reference, provider_reference, line FROM settlement_lines
                    WHERE run_id = :run AND type IN (:reversedTypes) AND EXISTS (SELECT 1 FROM rv)),
                by_merchant AS (
                    SELECT type, merchant_reference, min(line) AS line FROM originals
                    WHERE merchant_reference IS NOT NULL GROUP BY 1, 2),
                by_provider AS (
                    SELECT type, provider_reference, min(line) AS line FROM originals GROUP BY 1, 2),
                m AS (
                    SELECT rv.*, %s AS reversed, p.id AS pid, rv.type IN (:refundEvidence) AS needs_refund,
                           CASE WHEN rv.type IN (:refundEvidence)
                                THEN (SELECT min(x.id) FROM refunds x WHERE x.payment_id = p.id) END AS rid
                    FROM rv LEFT JOIN payments p ON p.id = rv.ref),
                o AS (
                    SELECT m.*, least(bm.line, bp.line) AS original_line FROM m
                    LEFT JOIN by_merchant bm ON bm.type = m.reversed AND bm.merchant_reference = m.merchant_reference
                    LEFT JOIN by_provider bp ON bp.type = m.reversed AND bp.provider_reference = m.provider_reference),
                f AS (
                    SELECT o.*, original_line IS NOT NULL AS in_file,
                           CASE WHEN needs_refund THEN rid IS NOT NULL ELSE pid IS NOT NULL END AS in_ledger
                    FROM o),
                c AS (
                    SELECT f.*, %s AS category FROM f)
                INSERT INTO recon_items (run_id, line, payment_id, category, expected_minor, actual_minor, currency,
                                         difference, candidate, status)
                SELECT :run, line, pid, category, NULL, gross_minor, currency,
                    lower(replace(type, '_', ' ')) || ' of ' || gross_minor || ' (minor units) on '
                    || coalesce('reference ' || merchant_reference, 'provider reference ' || provider_reference)
                    || CASE WHEN in_file
                            THEN CASE WHEN type = 'PAYMENT_CORRECTION' THEN ': corrects' ELSE ': reverses' END
                                || ' the ' || lower(reversed) || ' on line ' || original_line
                            WHEN in_ledger AND needs_refund THEN ': reverses refund ' || rid || ' of payment ' || pid
                            WHEN in_ledger AND type = 'PAYMENT_CORRECTION' THEN ': corrects payment ' || pid
                            WHEN in_ledger THEN ': reverses a ' || lower(reversed) || ' of payment ' || pid
                                || ' (not in this file)'
                            WHEN needs_refund THEN ': no such refund in this file or in Bazaar'
                            WHEN type = 'PAYMENT_CORRECTION' AND merchant_reference IS NULL
                            THEN ': names no payment (an Adyen DepositCorrection without one is a change of the'
                                || ' security deposit Adyen holds)'
                            ELSE ': no such ' || lower(reversed) || ' in this file and no such payment in Bazaar' END
                    || CASE WHEN category = 'FEE_ONLY' THEN '; fee ' || fee_minor ELSE '' END,
                    CASE WHEN in_file THEN 'line ' || original_line
                         WHEN pid IS NOT NULL THEN 'payment ' || pid || coalesce(', refund ' || rid, '') END,
                    %s
                FROM c
                ON CONFLICT (run_id, line) DO NOTHING""".formatted(reversals, REVERSED_TYPE, REVERSAL_CATEGORY,
                        STATUS_OF_CATEGORY))
                .param("run", runId).param("part", part).param("parts", parts).param("reference", REFERENCE)
                .param("reversalTypes", REVERSAL_TYPES).param("reversedTypes", REVERSED_TYPES)
                .param("refundEvidence", REFUND_EVIDENCE_TYPES).update();
        // chargebacks, fees, adjustments, payouts
        jdbc.sql(majorUnits("""
                INSERT INTO recon_items (run_id, line, payment_id, category, expected_minor, actual_minor, currency,
                                         difference, candidate, status)
                SELECT :run, s.line, p.id, %s,
                    NULL, s.gross_minor, s.currency,
                    CASE s.type WHEN 'CHARGEBACK' THEN 'chargeback of ' || major[-s.gross_minor, s.currency] || ' on '
                                     || coalesce('payment ' || p.id, 'reference ' || s.provider_reference)
                                WHEN 'FEE' THEN 'fee ' || major[s.fee_minor - s.gross_minor, s.currency]
                                WHEN 'ADJUSTMENT' THEN 'unexplained adjustment of ' || major[s.gross_minor, s.currency]
                                ELSE 'payout ' || coalesce(s.payout_id, s.provider_reference) || ' (checked by its waterfall)' END,
                    CASE WHEN p.id IS NOT NULL THEN 'payment ' || p.id END,
                    %s
                FROM settlement_lines s
                LEFT JOIN payments p ON p.id = CASE WHEN s.merchant_reference ~ :reference
                                                    THEN s.merchant_reference::bigint END
                WHERE s.run_id = :run AND s.type IN (:fixedTypes)%s
                ON CONFLICT (run_id, line) DO NOTHING""".formatted(FIXED_CATEGORY, FIXED_STATUS, fixed)))
                .param("run", runId).param("part", part).param("parts", parts).param("reference", REFERENCE).param("fixedTypes", FIXED_TYPES).update();
    }

    @Override
    public void completeClassification(long runId, int graceDays, Optional<LocalDate> asOf) {
        // waterfalls: gross - fees - refunds - chargebacks + adjustments = paid out, per payout and currency; paid
        // out keeps its sign (ClassificationRules.paidOut: the payout lines' net, negated; a negative payout stays
        // negative)
        jdbc.sql("""
                INSERT INTO recon_waterfalls (run_id, payout_id, currency, gross, fees, refunds, chargebacks,
                                              adjustments, payout, adds_up)
                SELECT :run, payout, currency, gross, fees, refunds, chargebacks, adjustments, paid,
                       paid IS NOT NULL AND gross - fees - refunds - chargebacks + adjustments = paid
                FROM (SELECT coalesce(payout_id, :noPayout) AS payout, currency,
                          coalesce(sum(gross_minor) FILTER (WHERE type IN (%s)), 0) AS gross,
                          coalesce(sum(fee_minor) FILTER (WHERE type <> 'PAYOUT'), 0)
                              + coalesce(sum(-gross_minor) FILTER (WHERE type IN (%s)), 0) AS fees,
                          coalesce(sum(-gross_minor) FILTER (WHERE type IN (%s)), 0) AS refunds,
                          coalesce(sum(-gross_minor) FILTER (WHERE type IN (%s)), 0) AS chargebacks,
                          coalesce(sum(gross_minor) FILTER (WHERE type IN (%s)), 0) AS adjustments,
                          -sum(net_minor) FILTER (WHERE type IN (%s)) AS paid
                      FROM settlement_lines WHERE run_id = :run GROUP BY 1, 2) w""".formatted(
                        inWaterfallColumn(LineType.PAYMENT), inWaterfallColumn(LineType.FEE),
                        inWaterfallColumn(LineType.REFUND), inWaterfallColumn(LineType.CHARGEBACK),
                        inWaterfallColumn(LineType.ADJUSTMENT), inWaterfallColumn(LineType.PAYOUT)))
                .param("run", runId).param("noPayout", ClassificationRules.NO_PAYOUT).update();
        // payouts (after the waterfalls, before the unsettled payments: a payout line may name a payment): one item per
        // payout line; the first line of a payout whose waterfall does not add up is the payout's discrepancy
        jdbc.sql(majorUnits("""
                WITH pl AS (
                    SELECT s.*, row_number() OVER (PARTITION BY coalesce(s.payout_id, :noPayout), s.currency
                                                   ORDER BY s.line) AS nth
                    FROM settlement_lines s WHERE s.run_id = :run AND s.type = 'PAYOUT'),
                m AS (
                    SELECT pl.*, w.adds_up, w.gross - w.fees - w.refunds - w.chargebacks + w.adjustments AS expected,
                           w.payout AS paid, p.id AS pid
                    FROM pl JOIN recon_waterfalls w
                        ON w.run_id = :run AND w.payout_id = coalesce(pl.payout_id, :noPayout) AND w.currency = pl.currency
                    LEFT JOIN payments p ON p.id = CASE WHEN pl.merchant_reference ~ :reference
                                                        THEN pl.merchant_reference::bigint END),
                c AS (
                    SELECT m.*, %s AS category FROM m)
                INSERT INTO recon_items (run_id, line, payment_id, category, expected_minor, actual_minor, currency,
                                         difference, candidate, status)
                SELECT :run, line, pid, category,
                    CASE WHEN category = :mismatch AND abs(expected) <= :maxMinor THEN expected END,
                    CASE WHEN category <> :mismatch THEN gross_minor WHEN abs(paid) <= :maxMinor THEN paid END,
                    currency,
                    CASE WHEN category = :mismatch
                         THEN 'payout ' || coalesce(payout_id, :noPayout) || ' does not add up: gross - fees - refunds'
                              || ' - chargebacks + adjustments = ' || major[expected, currency] || ', paid out '
                              || major[paid, currency] || ', difference ' || major[paid - expected, currency]
                         ELSE 'payout ' || coalesce(payout_id, provider_reference) || ' (checked by its waterfall)' END,
                    CASE WHEN pid IS NOT NULL THEN 'payment ' || pid END,
                    %s
                FROM c
                ON CONFLICT (run_id, line) DO NOTHING""".formatted(PAYOUT_CATEGORY, STATUS_OF_CATEGORY)))
                .param("run", runId).param("noPayout", ClassificationRules.NO_PAYOUT).param("reference", REFERENCE)
                .param("mismatch", Category.PAYOUT_MISMATCH.name()).param("maxMinor", Money.MAX_MINOR).update();
        // internal transactions: captured payments no current run has seen settled
        jdbc.sql(majorUnits("""
                WITH as_of AS (SELECT coalesce(CAST(:asOf AS date), max(booking_date), current_date) AS d
                               FROM settlement_lines WHERE run_id = :run),
                unsettled AS (
                    SELECT p.id, p.captured_minor, p.currency,
                           (SELECT min(posted_at) FROM ledger_postings l WHERE l.transaction_ref = 'capture:' || p.id)
                               AS captured_at
                    FROM payments p
                    WHERE p.captured_minor > 0
                      AND NOT EXISTS (SELECT 1 FROM recon_items i JOIN recon_runs r ON r.run_id = i.run_id
                                      WHERE i.payment_id = p.id AND i.line IS NOT NULL AND r.status <> 'SUPERSEDED'
                                        AND i.category NOT IN (:notSettling)))
                INSERT INTO recon_items (run_id, line, payment_id, category, expected_minor, actual_minor, currency,
                                         difference, candidate, status)
                SELECT :run, NULL, u.id,
                    CASE WHEN u.late THEN :missing ELSE :pending END,
                    u.captured_minor, NULL, u.currency,
                    CASE WHEN u.captured_at IS NULL
                         THEN 'captured ' || major[u.captured_minor, u.currency] || ' with no capture posting in the ledger, not settled'
                         WHEN u.late
                         THEN 'captured ' || major[u.captured_minor, u.currency] || ' on ' || u.captured_at::date || ', not settled within '
                              || :grace || ' day(s)'
                         ELSE 'captured on ' || u.captured_at::date || ', within the grace period' END,
                    NULL,
                    CASE WHEN u.late THEN :missingStatus ELSE :pendingStatus END
                FROM (SELECT u.*, (u.captured_at IS NULL OR u.captured_at < (a.d - :grace)::timestamptz) AS late
                      FROM unsettled u CROSS JOIN as_of a) u"""))
                .param("run", runId).param("grace", graceDays).param("asOf", asOf.orElse(null))
                .param("notSettling", ClassificationRules.NOT_SETTLING.stream().map(Enum::name).toList())
                .param("missing", Category.MISSING_IN_SETTLEMENT.name())
                .param("pending", Category.PENDING_SETTLEMENT.name())
                .param("missingStatus", ClassificationRules.initialStatus(Category.MISSING_IN_SETTLEMENT).name())
                .param("pendingStatus", ClassificationRules.initialStatus(Category.PENDING_SETTLEMENT).name())
                .update();
        // the run's items counted as they are now (this transaction's included): the summary of a million items,
        // planned from statistics of before they existed, probed them one by one (12.6 s instead of about 1 s)
        jdbc.sql("CALL analyze_staging_table('recon_items')").update(); // the owner's: V29
        jdbc.sql("UPDATE recon_runs SET status = 'CLASSIFIED' WHERE run_id = :run").param("run", runId).update();
    }

    /** The SQL list of the line types counted in a waterfall column ({@link LineType#waterfallColumn}). */
    private static String inWaterfallColumn(LineType column) {
        return column.countedInWaterfallAs().stream().map(t -> "'" + t.name() + "'").collect(Collectors.joining(", "));
    }

    /** The SQL of each payment rule, over the columns of the payment statement's {@code m}. */
    private static String paymentCondition(PaymentRule rule) {
        return switch (rule) {
            case SETTLED_AGAIN -> "nth > 1";
            case NO_SUCH_PAYMENT -> "pid IS NULL";
            case OTHER_CURRENCY -> "pcur <> currency";
            case NOT_CAPTURED -> "pstatus <> :settledPayment";
            case OTHER_AMOUNT -> "captured_minor <> gross_minor";
            // at or after the start of the day bookedBeforeCapture days after the booking, in the session's time zone;
            // a capture not in "late" was posted before that day for every line (the cheap test first)
            case BOOKED_BEFORE_CAPTURE -> "'capture:' || pid IN (SELECT transaction_ref FROM late) AND ("
                    + CAPTURED_AT + ") >= (booking_date + :bookedBeforeCapture)::timestamptz";
            case FEE_CHARGED -> "fee_minor <> 0";
        };
    }

    /** The SQL of each reversal rule, over the columns of the reversal statement's {@code f}. */
    private static String reversalCondition(ReversalRule rule) {
        return switch (rule) {
            case NOTHING_TO_REVERSE -> "NOT in_file AND NOT in_ledger";
            case FEE_CHARGED -> "fee_minor <> 0";
        };
    }

    /** The SQL of each payout rule, over the columns of the payout statement's {@code m}. */
    private static String payoutCondition(PayoutRule rule) {
        return switch (rule) {
            case DOES_NOT_ADD_UP -> "nth = 1 AND NOT adds_up";
        };
    }

    /** The SQL of each refund rule, over the columns of the refund statement's {@code m}. */
    private static String refundCondition(RefundRule rule) {
        return switch (rule) {
            case NO_SUCH_PAYMENT -> "pid IS NULL";
            case SETTLED_AGAIN -> "rid IS NULL AND nth > 1";
            case NO_SUCH_REFUND -> "rid IS NULL";
            case NOT_SUCCEEDED -> "rstatus <> :settledRefund";
            case FEE_CHARGED -> "fee_minor <> 0";
        };
    }

    /** {@code CASE WHEN rule THEN category ... ELSE otherwise END}: the first rule that holds decides. */
    private static String firstThatHolds(List<Map.Entry<String, Category>> rules, Category otherwise) {
        return rules.stream().map(r -> "WHEN " + r.getKey() + " THEN '" + r.getValue().name() + "'")
                .collect(Collectors.joining(" ", "CASE ", " ELSE '" + otherwise.name() + "' END"));
    }

    @Override
    public List<Summary> summary(long runId) {
        // amounts signed by their effect on the balance (Summary): the line's gross as the file signs it for the
        // provider's side; Bazaar's side with the same sign (items of OUTFLOWS store both as positive outflows), and
        // only in the item's currency (a CURRENCY_MISMATCH's capture is in another one: not added to this sum)
        return jdbc.sql("""
                        SELECT i.category, i.currency, count(*) AS n,
                            coalesce(sum(CASE WHEN p.currency <> i.currency THEN NULL
                                              WHEN s.type IN (:outflows) THEN -i.expected_minor
                                              ELSE i.expected_minor END), 0) AS expected,
                            coalesce(sum(coalesce(s.gross_minor, i.actual_minor)), 0) AS actual,
                            coalesce(sum(-s.fee_minor), 0) AS fees
                        FROM recon_items i
                        LEFT JOIN settlement_lines s ON s.run_id = i.run_id AND s.line = i.line
                        LEFT JOIN payments p ON p.id = i.payment_id
                        WHERE i.run_id = :run GROUP BY 1, 2 ORDER BY 1, 2""")
                .param("run", runId).param("outflows", OUTFLOWS).query((rs, n) -> {
                    CurrencyCode currency = CurrencyCode.of(rs.getString("currency"));
                    return new Summary(Category.valueOf(rs.getString("category")), currency, rs.getLong("n"),
                            MoneyTotal.of(rs.getBigDecimal("expected"), currency),
                            MoneyTotal.of(rs.getBigDecimal("actual"), currency),
                            MoneyTotal.of(rs.getBigDecimal("fees"), currency));
                }).list();
    }

    @Override
    public List<Balance> balances(long runId) {
        return jdbc.sql("""
                        SELECT currency,
                            coalesce(sum(net_minor) FILTER (WHERE type <> 'PAYOUT'), 0) AS settled,
                            coalesce(-sum(net_minor) FILTER (WHERE type = 'PAYOUT'), 0) AS paid_out
                        FROM settlement_lines WHERE run_id = :run GROUP BY 1 ORDER BY 1""")
                .param("run", runId).query((rs, n) -> {
                    CurrencyCode currency = CurrencyCode.of(rs.getString("currency"));
                    return new Balance(currency, MoneyTotal.of(rs.getBigDecimal("settled"), currency),
                            MoneyTotal.of(rs.getBigDecimal("paid_out"), currency));
                }).list();
    }

    @Override
    public List<Waterfall> waterfalls(long runId) {
        return jdbc.sql("SELECT * FROM recon_waterfalls WHERE run_id = :run ORDER BY payout_id, currency")
                .param("run", runId).query((rs, n) -> new Waterfall(rs.getString("payout_id"),
                        rs.getString("currency"), exact(rs, "gross"), exact(rs, "fees"), exact(rs, "refunds"),
                        exact(rs, "chargebacks"), exact(rs, "adjustments"),
                        Optional.ofNullable(rs.getBigDecimal("payout")).map(BigDecimal::toBigIntegerExact),
                        rs.getBoolean("adds_up"))).list();
    }

    /** A sum of minor units, read as numeric: never through getLong, which fails beyond a long. */
    private static BigInteger exact(ResultSet rs, String column) throws SQLException {
        return rs.getBigDecimal(column).toBigIntegerExact();
    }

    private static final RowMapper<ReconItem> ITEM = (rs, n) -> new ReconItem(rs.getLong("id"), rs.getLong("run_id"),
            optionalLong(rs, "line"), optionalLong(rs, "payment_id"), Category.valueOf(rs.getString("category")),
            optionalLong(rs, "expected_minor"), optionalLong(rs, "actual_minor"), Rows.optionalString(rs, "currency"),
            rs.getString("difference"), Rows.optionalString(rs, "candidate"),
            ReconItem.Status.valueOf(rs.getString("status")),
            Rows.optionalString(rs, "resolution").map(ReconItem.Resolution::valueOf),
            Rows.optionalString(rs, "resolved_by"), Rows.optionalString(rs, "approved_by"),
            Rows.optionalString(rs, "reason"));

    private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    @Override
    public List<ReconItem> items(long runId, Optional<Category> category, Optional<ReconItem.Status> status,
                                 int limit) {
        return jdbc.sql("SELECT * FROM recon_items WHERE run_id = :run"
                        + (category.isPresent() ? " AND category = :category" : "")
                        + (status.isPresent() ? " AND status = :status" : "")
                        + " ORDER BY line NULLS LAST, payment_id LIMIT :limit")
                .param("run", runId).params(category.map(c -> Map.<String, Object>of("category", c.name())).orElse(Map.of()))
                .params(status.map(c -> Map.<String, Object>of("status", c.name())).orElse(Map.of()))
                .param("limit", limit).query(ITEM).list();
    }

    @Override
    public Page<RunOverview> runs(Optional<RunStatus> status, PageRequest page) {
        long after = page.after("recon", 1).map(c -> c.number(0)).orElse(Long.MAX_VALUE);
        // newest first by id (the job instance: ids grow); the counts per run from the (run_id, category) index
        return Page.of(jdbc.sql("""
                        SELECT r.run_id, r.provider, r.file_name, r.status, r.created_at,
                            (SELECT count(*) FROM recon_items i WHERE i.run_id = r.run_id) AS items,
                            (SELECT count(*) FROM recon_items i WHERE i.run_id = r.run_id
                                AND i.status IN ('OPEN', 'AWAITING_APPROVAL')) AS open_items
                        FROM recon_runs r WHERE r.run_id < :after""" + (status.isPresent() ? " AND r.status = :status" : "")
                        + " ORDER BY r.run_id DESC LIMIT :limit")
                .params(status.map(c -> Map.<String, Object>of("status", c.name())).orElse(Map.of()))
                .param("after", after).param("limit", page.probe())
                .query((rs, n) -> new RunOverview(rs.getLong("run_id"), rs.getString("provider"),
                        rs.getString("file_name"), RunStatus.valueOf(rs.getString("status")),
                        Rows.instant(rs, "created_at"), rs.getLong("items"), rs.getLong("open_items")))
                .list(), page, r -> Cursor.of("recon", r.runId()));
    }

    @Override
    public long problems(long runId) {
        return jdbc.sql("SELECT count(*) FROM settlement_problems WHERE run_id = :run").param("run", runId)
                .query(Long.class).single();
    }

    @Override
    public boolean exists(long runId) {
        return jdbc.sql("SELECT count(*) FROM recon_runs WHERE run_id = :run").param("run", runId).query(Long.class)
                .single() > 0;
    }

    @Override
    public List<Problem> problemLines(long runId, int limit) {
        return jdbc.sql("SELECT line, reason, raw FROM settlement_problems WHERE run_id = :run ORDER BY line LIMIT :limit")
                .param("run", runId).param("limit", limit)
                .query((rs, n) -> new Problem(rs.getLong("line"), rs.getString("reason"), rs.getString("raw"))).list();
    }

    @Override
    public Optional<ReconItem> itemForUpdate(long id) {
        return jdbc.sql("SELECT * FROM recon_items WHERE id = :id FOR UPDATE").param("id", id).query(ITEM).optional();
    }

    @Override
    public void update(ReconItem item) {
        jdbc.sql("UPDATE recon_items SET status = :status, resolution = :resolution, resolved_by = :resolvedBy,"
                        + " approved_by = :approvedBy, reason = :reason WHERE id = :id")
                .param("status", item.status().name()).param("resolution", item.resolution().map(Enum::name).orElse(null))
                .param("resolvedBy", item.resolvedBy().orElse(null)).param("approvedBy", item.approvedBy().orElse(null))
                .param("reason", item.reason().orElse(null)).param("id", item.id()).update();
    }

    @Override
    public Optional<RunHeader> header(long runId) {
        // who ran it and when: its audit record; the payout date: the job's parameter (the run is the job instance)
        return jdbc.sql("""
                        SELECT r.run_id, r.provider, r.file_name, r.file_sha256, r.status, r.superseded_by, r.created_at,
                            (SELECT o.run_id FROM recon_runs o WHERE o.superseded_by = r.run_id
                             ORDER BY o.run_id DESC LIMIT 1) AS supersedes,
                            a.actor, a.at,
                            (SELECT nullif(p.parameter_value, '') FROM batch_job_execution_params p
                             JOIN batch_job_execution e ON e.job_execution_id = p.job_execution_id
                             WHERE e.job_instance_id = r.run_id AND p.parameter_name = :payoutDate
                             ORDER BY e.job_execution_id DESC LIMIT 1) AS payout_date
                        FROM recon_runs r
                        LEFT JOIN LATERAL (SELECT actor_name AS actor, occurred_at AS at FROM audit_log WHERE target = 'recon:' || r.run_id
                                           AND action = 'recon.run' ORDER BY seq DESC LIMIT 1) a ON true
                        WHERE r.run_id = :run""")
                .param("run", runId).param("payoutDate", "payout-date")
                .query((rs, n) -> new RunHeader(rs.getLong("run_id"), rs.getString("provider"),
                        rs.getString("file_name"), rs.getString("file_sha256"),
                        RunStatus.valueOf(rs.getString("status")), optionalLong(rs, "supersedes"),
                        optionalLong(rs, "superseded_by"), Rows.instant(rs, "created_at"),
                        Rows.optionalString(rs, "actor"),
                        rs.getTimestamp("at") == null ? Optional.empty() : Optional.of(Rows.instant(rs, "at")),
                        Rows.optionalString(rs, "payout_date").map(java.time.LocalDate::parse)))
                .optional();
    }

    @Override
    public Map<Long, String> references(long runId, java.util.Collection<Long> items) {
        if (items.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> references = new java.util.HashMap<>();
        jdbc.sql("""
                        SELECT i.id, coalesce(s.provider_reference, p.provider_reference) AS reference
                        FROM recon_items i
                        LEFT JOIN settlement_lines s ON s.run_id = i.run_id AND s.line = i.line
                        LEFT JOIN payments p ON p.id = i.payment_id
                        WHERE i.run_id = :run AND i.id IN (:ids)""")
                .param("run", runId).param("ids", List.copyOf(items))
                .query((rs, n) -> {
                    if (rs.getString("reference") != null) {
                        references.put(rs.getLong("id"), rs.getString("reference"));
                    }
                    return null;
                }).list();
        return references;
    }

    @Override
    public List<AtStake> atStake(long runId) {
        return jdbc.sql("SELECT category, currency, sum(abs(coalesce(actual_minor, 0)::numeric"
                        + " - coalesce(expected_minor, 0))) AS minor FROM recon_items WHERE run_id = :run"
                        + " AND category IN (:discrepancies) AND currency IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")
                .param("run", runId).param("discrepancies", Arrays.stream(Category.values())
                        .filter(Category::discrepancy).map(Enum::name).toList())
                .query((rs, n) -> new AtStake(Category.valueOf(rs.getString("category")),
                        CurrencyCode.of(rs.getString("currency")), exact(rs, "minor"))).list();
    }

    @Override
    public Map<String, LocalDate> payoutDates(long runId) {
        Map<String, LocalDate> dates = new java.util.HashMap<>();
        jdbc.sql("SELECT payout_id, max(booking_date) AS day FROM settlement_lines WHERE run_id = :run"
                        + " AND type = 'PAYOUT' AND payout_id IS NOT NULL GROUP BY payout_id")
                .param("run", runId)
                .query((rs, n) -> dates.put(rs.getString("payout_id"), rs.getDate("day").toLocalDate())).list();
        return dates;
    }

    @Override
    public List<DayDiscrepancies> discrepanciesPerDay(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        SELECT (r.created_at AT TIME ZONE 'UTC')::date AS day, i.category, count(*) AS n,
                            count(*) FILTER (WHERE i.status IN ('OPEN', 'AWAITING_APPROVAL')) AS open
                        FROM recon_runs r JOIN recon_items i ON i.run_id = r.run_id
                        WHERE r.status = 'CLASSIFIED' AND i.category IN (:discrepancies)
                          AND r.created_at >= CAST(:from AS date) AND r.created_at < CAST(:to AS date) + 1
                        GROUP BY 1, 2 ORDER BY 1, 2""")
                .param("from", from.toString()).param("to", to.toString())
                .param("discrepancies", java.util.Arrays.stream(Category.values()).filter(Category::discrepancy)
                        .map(Enum::name).toList())
                .query((rs, n) -> new DayDiscrepancies(rs.getDate("day").toLocalDate(),
                        Category.valueOf(rs.getString("category")), rs.getLong("n"), rs.getLong("open"))).list();
    }
}
