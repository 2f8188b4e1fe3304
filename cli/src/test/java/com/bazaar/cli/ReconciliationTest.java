package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.domain.payment.PaymentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation of hand-made settlement files through the command line: every category, reversals matched to what they
 * reverse, a payment settled before its capture, waterfalls that add up and that do not (a PAYOUT_MISMATCH), an
 * Adyen report with batch costs and a negative payout, a re-run that does nothing, an explicit supersede, four-eyes
 * write-offs, and roles; amounts in major units of their currency (USD and JPY) signed by their effect on the
 * balance; the list of runs; items by status.
 */
class ReconciliationTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String finance;
    private long p1, p2, p3, p4, authorizedOnly;
    private final String today = LocalDate.now().toString();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 100);
        p1 = paid("a", 1);
        p2 = paid("b", 2);
        p3 = paid("c", 3);
        p4 = paid("d", 4);
        var order = bazaar.order("e", "ACME", "MUG:5");
        authorizedOnly = order.order().payment().orElseThrow().id().value();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), new PaymentId(authorizedOnly));
        bazaar.services.issueRefund().issue(new com.bazaar.domain.payment.application.IssueRefund.Command(bazaar.admin(),
                new com.bazaar.domain.shared.IdempotencyKey("rf"), new PaymentId(p2), "5.00", "damaged"));
        finance = bazaar.user("fiona", Role.FINANCE, null);
    }

    private long paid(String key, int quantity) {
        var id = bazaar.order(key, "ACME", "MUG:" + quantity).order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
        bazaar.services.capturePayment().capture(bazaar.admin(), id);
        return id.value();
    }

    private TestBazaar.Run recon(String token, String csv, String... extra) throws Exception {
        Path f = home.resolve("settle-" + Integer.toHexString(csv.hashCode()) + ".csv");
        Files.writeString(f, "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n"
                + csv);
        String[] base = {"recon", "run", "--provider", "generic", "--file", f.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return bazaar.cli(token, args);
    }

    private Map<Long, String> categoryByLine(long run) {
        return bazaar.jdbc.sql("SELECT line, category FROM recon_items WHERE run_id = :r AND line IS NOT NULL")
                .param("r", run).query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private String internal(long run, long payment) {
        return bazaar.jdbc.sql("SELECT category FROM recon_items WHERE run_id = :r AND line IS NULL AND payment_id = :p")
                .param("r", run).param("p", payment).query(String.class).single();
    }

    private long lastRun() {
        return bazaar.jdbc.sql("SELECT max(run_id) FROM recon_runs").query(Long.class).single();
    }

    @Test
    void everyLineAndEveryUnsettledPaymentLandsInExactlyOneCategory() throws Exception {
        String d = today;
        var run = recon(finance, ""
                + "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + d + ",po1\n"                  // 2 MATCHED
                + "t2," + p2 + ",PAYMENT,20.00,0.60,19.40,USD," + d + ",po1\n"                  // 3 FEE_ONLY
                + "t3," + p3 + ",PAYMENT,31.00,0.00,31.00,USD," + d + ",po1\n"                  // 4 AMOUNT_MISMATCH
                + "t4," + p4 + ",PAYMENT,40.00,0.00,40.00,EUR," + d + ",po2\n"                  // 5 CURRENCY_MISMATCH
                + "t5," + authorizedOnly + ",PAYMENT,50.00,0.00,50.00,USD," + d + ",po1\n"      // 6 STATUS_MISMATCH
                + "t6," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + d + ",po1\n"                  // 7 DUPLICATE
                + "t7,987654,PAYMENT,12.00,0.00,12.00,USD," + d + ",po1\n"                      // 8 MISSING_IN_LEDGER
                + "t8," + p2 + ",REFUND,-5.00,0.00,-5.00,USD," + d + ",po1\n"                   // 9 MATCHED (refund)
                + "t9," + p3 + ",CHARGEBACK,-30.00,15.00,-45.00,USD," + d + ",po1\n"            // 10 CHARGEBACK
                + "t10,,FEE,0.00,1.00,-1.00,USD," + d + ",po1\n"                               // 11 FEE_ONLY
                + "t11,,PAYOUT,-81.40,0.00,-81.40,USD," + d + ",po1\n"                         // 12 MATCHED (payout)
                + "t12,,PAYOUT,-1.00,0.00,-1.00,USD," + d + ",po3\n"                           // 13 PAYOUT_MISMATCH
                + "this line is broken\n", "--payout-date", d);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(categoryByLine(r)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(2L, "MATCHED"), Map.entry(3L, "FEE_ONLY"), Map.entry(4L, "AMOUNT_MISMATCH"),
                Map.entry(5L, "CURRENCY_MISMATCH"), Map.entry(6L, "STATUS_MISMATCH"),
                Map.entry(7L, "DUPLICATE_IN_SETTLEMENT"), Map.entry(8L, "MISSING_IN_LEDGER"), Map.entry(9L, "MATCHED"),
                Map.entry(10L, "CHARGEBACK"), Map.entry(11L, "FEE_ONLY"), Map.entry(12L, "MATCHED"),
                Map.entry(13L, "PAYOUT_MISMATCH")));
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM settlement_problems WHERE run_id = :r").param("r", r)
                .query(Long.class).single()).isEqualTo(1);
        // no captured payment is left without an item in this run (p4's line is a currency mismatch, not a settlement)
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM payments p WHERE p.captured_minor > 0 AND NOT EXISTS"
                + " (SELECT 1 FROM recon_items i WHERE i.run_id = :r AND i.payment_id = p.id)").param("r", r)
                .query(Long.class).single()).isZero();
        var report = bazaar.cli(finance, "recon", "report", Long.toString(r), "--output", "json");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("\"unreadable_lines\" : 1");
        var csv = bazaar.cli(finance, "recon", "report", Long.toString(r), "--output", "csv", "--category",
                "AMOUNT_MISMATCH");
        assertThat(csv.exitCode()).isZero();
        assertThat(csv.out().lines().toList()).hasSize(2).first().asString()
                .isEqualTo("item,line,payment,category,status,difference,candidate");
    }

    @Test
    void reversalsAreMatchedToWhatTheyReverseAndAPaymentBookedBeforeItsCaptureIsFlagged() throws Exception {
        // an Adyen Settlement Details Report of one batch; every payment was captured on this day (the day of its
        // capture posting, in the database's time zone)
        LocalDate captured = bazaar.jdbc.sql("SELECT max(posted_at)::date FROM ledger_postings"
                + " WHERE transaction_ref LIKE 'capture:%'").query(LocalDate.class).single();
        String d = captured + " 10:00:00";
        String early = captured.minusDays(3) + " 10:00:00";
        String row = "Bazaar,BazaarUS,%s,%s,visa,%s,CET,%s,%s,USD,%s,%s,1,USD,%s,%s,%s,,,,visacredit,43\n";
        Path f = home.resolve("settlement_detail_report_batch_43.csv");
        Files.writeString(f, "Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,"
                + "Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),"
                + "Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),"
                + "Scheme Fees (NC),Interchange (NC),Payment Method Variant,Batch Number\n"
                + row.formatted("PSP1", p1, d, "Settled", "M1", "", "10.00", "", "10.00", "")              // 2
                + row.formatted("PSP2", p2, d, "Settled", "M2", "", "20.00", "", "20.00", "")              // 3
                + row.formatted("PSP2", p2, d, "Refunded", "M3", "5.00", "", "5.00", "", "")               // 4
                + row.formatted("PSP2", p2, d, "RefundedReversed", "M4", "", "5.00", "", "5.00", "")       // 5
                + row.formatted("PSP3", p3, d, "Settled", "M5", "", "30.00", "", "30.00", "")              // 6
                + row.formatted("PSP3", p3, d, "Chargeback", "M6", "30.00", "", "45.00", "", "15.00")      // 7
                + row.formatted("PSP3", p3, d, "ChargebackReversed", "M7", "", "30.00", "", "30.00", "")   // 8
                + row.formatted("PSP4", p4, early, "Settled", "M8", "", "40.00", "", "40.00", "")          // 9
                + row.formatted("PSPX", "987654", d, "ChargebackReversed", "M9", "", "12.00", "", "12.00", "") // 10
                + row.formatted("PSP1", p1, d, "RefundedReversed", "M10", "", "10.00", "", "10.00", "")    // 11
                + row.formatted("PSP1", p1, d, "ChargebackReversed", "M11", "", "10.00", "", "10.00", "")  // 12
                + "Bazaar,BazaarUS,,,," + d + ",CET,DepositCorrection,Deposit Correction,USD,,,,USD,2.00,,,,,,,43\n" // 13
                + "Bazaar,BazaarUS,,,," + d + ",CET,MerchantPayout,TX43,,,,,USD,115.00,,,,,,,43\n");      // 14
        var run = bazaar.cli(finance, "recon", "run", "--provider", "adyen", "--file", f.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(categoryByLine(r)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(2L, "MATCHED"), Map.entry(3L, "MATCHED"), Map.entry(4L, "MATCHED"),
                Map.entry(5L, "MATCHED"),                    // the refund on line 4
                Map.entry(6L, "MATCHED"), Map.entry(7L, "CHARGEBACK"),
                Map.entry(8L, "MATCHED"),                    // the chargeback on line 7
                Map.entry(9L, "SETTLED_BEFORE_CAPTURE"),
                Map.entry(10L, "MISSING_IN_LEDGER"),         // no chargeback of 987654 here, no payment 987654
                Map.entry(11L, "MISSING_IN_LEDGER"),         // payment p1 was never refunded
                Map.entry(12L, "MATCHED"),                   // a chargeback of an earlier batch: payment p1 exists
                Map.entry(13L, "MISSING_IN_LEDGER"),         // the security deposit: names no payment
                Map.entry(14L, "MATCHED")));
        Map<Long, String> candidates = bazaar.jdbc.sql("SELECT line, coalesce(candidate, '') || ' | ' || difference"
                        + " FROM recon_items WHERE run_id = :r AND line IS NOT NULL").param("r", r)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(candidates.get(5L)).startsWith("line 4 | refund reversal of 500").contains("reverses the refund");
        assertThat(candidates.get(8L)).startsWith("line 7 | chargeback reversal of 3000");
        assertThat(candidates.get(9L)).startsWith("payment " + p4 + " | booked on " + captured.minusDays(3))
                .contains("captured in Bazaar on " + captured);
        assertThat(candidates.get(11L)).contains("no such refund");
        assertThat(candidates.get(12L)).startsWith("payment " + p1 + " | ").contains("not in this file");
        assertThat(candidates.get(13L)).contains("names no payment").contains("security deposit");
        // each reversal adds back what its original took: the batch's waterfall adds up
        assertThat(bazaar.jdbc.sql("SELECT gross || ' ' || fees || ' ' || refunds || ' ' || chargebacks || ' '"
                        + " || adjustments || ' ' || payout || ' ' || adds_up FROM recon_waterfalls WHERE run_id = :r")
                .param("r", r).query(String.class).single()).isEqualTo("10000 1500 -1000 -2200 -200 11500 true");
        var open = bazaar.cli(finance, "recon", "report", Long.toString(r), "--category", "SETTLED_BEFORE_CAPTURE",
                "--output", "csv");
        assertThat(open.exitCode()).as(open.toString()).isZero();
        assertThat(open.out().lines().skip(1).toList()).singleElement().asString().contains("OPEN");
    }

    @Test
    void unsettledPaymentsArePendingWithinTheGracePeriodAndMissingAfterIt() throws Exception {
        assertThat(recon(finance, "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n", "--payout-date",
                today).exitCode()).isZero();
        long within = lastRun();
        assertThat(internal(within, p2)).isEqualTo("PENDING_SETTLEMENT");
        String later = LocalDate.now().plusDays(10).toString();
        assertThat(recon(finance, "t2," + p3 + ",PAYMENT,30.00,0.00,30.00,USD," + later + ",po9\n", "--payout-date",
                later).exitCode()).isZero();
        long after = lastRun();
        assertThat(internal(after, p2)).isEqualTo("MISSING_IN_SETTLEMENT");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM recon_items WHERE run_id = :r AND payment_id = :p")
                .param("r", after).param("p", p1).query(Long.class).single()).as("settled by the first run").isZero();
    }

    @Test
    void aWaterfallThatAddsUpAndOneThatDoesNot() throws Exception {
        var run = recon(finance, ""
                + "t1," + p1 + ",PAYMENT,10.00,0.30,9.70,USD," + today + ",good\n"
                + "t2," + p2 + ",PAYMENT,20.00,0.60,19.40,USD," + today + ",good\n"
                + "t3," + p2 + ",REFUND,-5.00,0.00,-5.00,USD," + today + ",good\n"
                + "t4,,PAYOUT,-24.10,0.00,-24.10,USD," + today + ",good\n"
                + "t5," + p3 + ",PAYMENT,30.00,0.90,29.10,USD," + today + ",bad\n"
                + "t6,,PAYOUT,-29.00,0.00,-29.00,USD," + today + ",bad\n");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, Boolean> addsUp = bazaar.jdbc.sql("SELECT payout_id, adds_up FROM recon_waterfalls WHERE run_id = :r")
                .param("r", lastRun()).query((rs, n) -> Map.entry(rs.getString(1), rs.getBoolean(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(addsUp).containsEntry("good", true).containsEntry("bad", false);
        // in major units of the currency, the heading names no minor units
        assertThat(run.out()).containsPattern("good\\s+USD\\s+30.00\\s+0.90\\s+5.00\\s+0.00\\s+0.00\\s+24.10\\s+24.10\\s+true")
                .containsPattern("bad\\s+USD\\s+30.00\\s+0.90\\s+0.00\\s+0.00\\s+0.00\\s+29.10\\s+29.00\\s+false")
                .contains("Payout waterfalls (gross - fees - refunds - chargebacks + adjustments = paid out):")
                .doesNotContain("minor units");
        // the payout that does not add up is a discrepancy of its own, on its payout line, with both amounts
        long r = lastRun();
        assertThat(categoryByLine(r)).containsEntry(5L, "MATCHED").containsEntry(7L, "PAYOUT_MISMATCH");
        assertThat(bazaar.jdbc.sql("SELECT concat_ws(' ', expected_minor, actual_minor, status) FROM recon_items"
                + " WHERE run_id = :r AND category = 'PAYOUT_MISMATCH'").param("r", r).query(String.class).single())
                .isEqualTo("2910 2900 OPEN");
        var mismatches = bazaar.cli(finance, "recon", "report", Long.toString(r), "--category", "PAYOUT_MISMATCH",
                "--output", "csv");
        assertThat(mismatches.exitCode()).as(mismatches.toString()).isZero();
        assertThat(mismatches.out().lines().toList()).hasSize(2);
        assertThat(mismatches.out()).contains("payout bad does not add up");
    }

    /** The Adyen Settlement Details Report of the parser's tests: its payments name this test's payments 5001-5004. */
    private TestBazaar.Run adyen(String token, java.util.function.UnaryOperator<String> edit) throws Exception {
        assertThat(new long[] {p1, p2, p3, p4}).containsExactly(5001, 5002, 5003, 5004);
        String report = Files.readString(Path.of("..", "reconciliation", "src", "test", "resources", "settlement",
                "adyen-settlement-details.csv"))
                // booked today: this test captured the payments today, and a line booked before its payment's capture
                // is SETTLED_BEFORE_CAPTURE
                .replaceAll("2026-11-2\\d", today);
        Path f = home.resolve("adyen-" + Integer.toHexString(edit.apply(report).hashCode()) + ".csv");
        Files.writeString(f, edit.apply(report));
        return bazaar.cli(token, "recon", "run", "--provider", "adyen", "--file", f.toString());
    }

    private Map<String, String> waterfalls(long run) {
        return bazaar.jdbc.sql("SELECT payout_id, payout || ' ' || adds_up FROM recon_waterfalls WHERE run_id = :r")
                .param("r", run).query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void anAdyenReportAddsUpWithItsBatchCostsAndANegativePayout() throws Exception {
        var run = adyen(finance, report -> report);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM settlement_problems WHERE run_id = :r").param("r", r)
                .query(Long.class).single()).isZero();
        // batch 101 paid 61.03 out; batch 102's balance was -26.50 and Adyen collected it: a payout of -26.50
        assertThat(waterfalls(r)).containsOnly(Map.entry("batch-101", "6103 true"),
                Map.entry("batch-102", "-2650 true"));
        assertThat(categoryByLine(r)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(2L, "FEE_ONLY"), Map.entry(3L, "FEE_ONLY"), Map.entry(4L, "FEE_ONLY"),
                Map.entry(5L, "FEE_ONLY"), Map.entry(6L, "FEE_ONLY"), Map.entry(7L, "FEE_ONLY"),
                Map.entry(8L, "MATCHED"), Map.entry(9L, "FEE_ONLY"), Map.entry(10L, "CHARGEBACK"),
                Map.entry(11L, "FEE_ONLY"), Map.entry(12L, "FEE_ONLY"), Map.entry(13L, "MATCHED")));
    }

    @Test
    void anAdyenPayoutWithTheWrongSignIsOnePayoutMismatchCountedOpenAndResolvedLikeAnyDiscrepancy() throws Exception {
        // batch 101's payout as a credit: 61.03 taken from the merchant where 61.03 was owed to it (abs() matched it)
        var run = adyen(finance, report -> report.replace("MerchantPayout,TX101PAYOUT7Q2,,,,,USD,61.03,,",
                "MerchantPayout,TX101PAYOUT7Q2,,,,,USD,,61.03,"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(waterfalls(r)).containsOnly(Map.entry("batch-101", "-6103 false"),
                Map.entry("batch-102", "-2650 true"));
        var item = bazaar.jdbc.sql("SELECT id, line, expected_minor, actual_minor, status FROM recon_items"
                        + " WHERE run_id = :r AND category = 'PAYOUT_MISMATCH'").param("r", r)
                .query((rs, n) -> List.<Object>of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5))).single();
        assertThat(item.subList(1, 5)).containsExactly(8L, 6103L, -6103L, "OPEN");
        assertThat(categoryByLine(r)).containsEntry(13L, "MATCHED");

        String sre = bazaar.user("sam", Role.SRE, null);
        Path metrics = home.resolve("recon.prom");
        assertThat(bazaar.cli(sre, "--metrics-file", metrics.toString(), "health").exitCode()).isZero();
        assertThat(payoutMismatches(Files.readString(metrics))).containsExactly("1.0");

        var resolved = bazaar.cli(finance, "recon", "resolve", item.get(0).toString(), "--resolution", "accepted",
                "--reason", "Adyen confirmed the batch was collected by mistake; refunded in batch 104");
        assertThat(resolved.exitCode()).as(resolved.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT status FROM recon_items WHERE id = :i").param("i", item.get(0))
                .query(String.class).single()).isEqualTo("RESOLVED");
        assertThat(bazaar.cli(sre, "--metrics-file", metrics.toString(), "health").exitCode()).isZero();
        assertThat(payoutMismatches(Files.readString(metrics))).allMatch(value -> value.equals("0.0"));
    }

    /** The values of the adyen PAYOUT_MISMATCH series of bazaar_reconciliation_discrepancies in a metrics file. */
    private static List<String> payoutMismatches(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("bazaar_reconciliation_discrepancies{"))
                .filter(l -> l.contains("category=\"PAYOUT_MISMATCH\"") && l.contains("provider=\"adyen\""))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    }

    @Test
    void reRunningTheSameFileDoesNothingAndACorrectedFileSupersedesExplicitly() throws Exception {
        String csv = "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n";
        assertThat(recon(finance, csv).exitCode()).isZero();
        long items = bazaar.jdbc.sql("SELECT count(*) FROM recon_items").query(Long.class).single();
        var again = recon(finance, csv);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already reconciled");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM recon_items").query(Long.class).single()).isEqualTo(items);
        String corrected = csv + "t2," + p2 + ",PAYMENT,20.00,0.00,20.00,USD," + today + ",po1\n";
        var refused = recon(finance, corrected);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(refused.err()).contains("--supersede");
        var superseding = recon(finance, corrected, "--supersede");
        assertThat(superseding.exitCode()).as(superseding.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT status FROM recon_runs ORDER BY run_id LIMIT 1").query(String.class).single())
                .isEqualTo("SUPERSEDED");
    }

    @Test
    void aLargeWriteOffNeedsASecondFinanceUser() throws Exception {
        assertThat(recon(finance, "t1,987654,PAYMENT,500.00,0.00,500.00,USD," + today + ",po1\n").exitCode()).isZero();
        long item = bazaar.jdbc.sql("SELECT id FROM recon_items WHERE category = 'MISSING_IN_LEDGER'")
                .query(Long.class).single();
        var writeOff = bazaar.cli(finance, "recon", "resolve", Long.toString(item), "--resolution", "written-off",
                "--reason", "provider test charge");
        assertThat(writeOff.exitCode()).as(writeOff.toString()).isZero();
        assertThat(writeOff.out()).contains("awaits a second finance user");
        var self = bazaar.cli(finance, "recon", "approve", Long.toString(item));
        assertThat(self.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(self.err()).contains("cannot approve it");
        String farid = bazaar.user("farid", Role.FINANCE, null);
        assertThat(bazaar.cli(farid, "recon", "approve", Long.toString(item)).exitCode()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT status || ' ' || resolved_by || ' ' || approved_by FROM recon_items WHERE id = :i")
                .param("i", item).query(String.class).single()).isEqualTo("RESOLVED fiona farid");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> bazaar.jdbc.sql(
                "UPDATE recon_items SET approved_by = resolved_by WHERE id = :i").param("i", item).update()))
                .hasMessageContaining("recon_items_four_eyes");
    }

    @Test
    void rolesAreEnforced() throws Exception {
        String operator = bazaar.user("olivia", Role.OPERATOR, null);
        String auditor = bazaar.user("aud", Role.AUDITOR, null);
        assertThat(recon(operator, "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n").exitCode())
                .isEqualTo(ExitCode.DENIED);
        assertThat(recon(finance, "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n"
                + "t2,987654,PAYMENT,12.00,0.00,12.00,USD," + today + ",po1\n").exitCode()).isZero();
        long run = lastRun();
        assertThat(bazaar.cli(auditor, "recon", "report", Long.toString(run)).exitCode()).isZero();
        long item = bazaar.jdbc.sql("SELECT min(id) FROM recon_items WHERE status = 'OPEN'").query(Long.class).single();
        assertThat(bazaar.cli(auditor, "recon", "resolve", Long.toString(item), "--resolution", "accepted", "--reason",
                "x").exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(bazaar.cli(operator, "recon", "report", Long.toString(run)).exitCode()).isEqualTo(ExitCode.DENIED);
    }

    private TestBazaar.Run reconFile(String token, String provider, String name, String content,
                                     Map<String, String> env) throws Exception {
        Path f = home.resolve(name);
        Files.writeString(f, content);
        return bazaar.cliWithEnv(env, token, "recon", "run", "--provider", provider, "--file", f.toString());
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void aFileFromWhichNoLineCouldBeReadIsARejectedRunThatKeepsNothing() throws Exception {
        String generic = "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n"
                + "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n";
        // the wrong provider: Bazaar's own CSV read as a Stripe report
        var wrong = reconFile(finance, "stripe", "generic.csv", generic, Map.of());
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCode.REJECTED);
        Path file = home.resolve("generic.csv").toRealPath();
        assertThat(wrong.err()).startsWith("error: no line of " + file + " could be read as a stripe settlement"
                + " report: line 1: missing required columns: balance_transaction_id, reporting_category")
                .contains("note: job ").contains("rejected the file and changed nothing");
        // every data line bad: the reasons of the first lines, then how many more
        var bad = reconFile(finance, "generic", "bad.csv", "provider_reference,type,gross,fee,net,currency,booking_date\n"
                + "t1,SALE,1.00,0,1.00,USD," + today + "\n"
                + "t2,PAYMENT,.,0,.,USD," + today + "\n"
                + "t3,PAYMENT,1.00,0,1.00,USD,yesterday\n"
                + "t4,PAYMENT,1.00\n", Map.of());
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(bad.err()).contains("could be read as a generic settlement report: line 2: type: unknown type 'SALE'")
                .contains("; line 3: gross: amount must be a plain decimal").contains("; line 4: booking_date: bad date")
                .contains(" (and 1 more)");
        // a header and nothing else
        var empty = reconFile(finance, "generic", "empty.csv", "provider_reference,type,gross,fee,net,currency,"
                + "booking_date\n", Map.of());
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(empty.err()).contains("the file has a header and no data line");
        // nothing of them kept, no completed run; the same file again gets the same answer
        assertThat(count("SELECT count(*) FROM settlement_lines")).isZero();
        assertThat(count("SELECT count(*) FROM settlement_problems")).isZero();
        assertThat(count("SELECT count(*) FROM recon_runs")).isZero();
        assertThat(count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
                + " ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'reconciliation'"
                + " AND (e.status <> 'ABANDONED' OR e.exit_code <> 'REJECTED')")).isZero();
        var again = reconFile(finance, "stripe", "generic.csv", generic, Map.of());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.REJECTED);
    }

    @Test
    void theUnreadableLinesOfARunAreListedEscapedAndCutInATableWholeInCsvAndJson() throws Exception {
        String longLine = "broken\u001b[2J," + "x".repeat(200);
        var run = recon(finance, "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n"
                + "this line is broken\n"
                + longLine + "\n");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(run.out()).contains("(2 line(s) of the file could not be read: 'bazaar recon problems " + r + "')");
        String auditor = bazaar.user("aud", Role.AUDITOR, null);
        var table = bazaar.cli(auditor, "recon", "problems", Long.toString(r));
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("2 line(s) of the file could not be read").containsPattern("LINE\\s+REASON\\s+RAW")
                .contains("this line is broken").contains("wrong column count")
                .contains("broken\\x1b[2J,").doesNotContain("\u001b").doesNotContain("x".repeat(115))
                .contains("x".repeat(100) + "...");
        var limited = bazaar.cli(finance, "recon", "problems", Long.toString(r), "--limit", "1");
        assertThat(limited.out()).contains("(the first 1 shown: --limit N)").contains("this line is broken")
                .doesNotContain("broken\\x1b");
        var csv = bazaar.cli(finance, "recon", "problems", Long.toString(r), "--output", "csv");
        assertThat(csv.exitCode()).isZero();
        assertThat(csv.out().lines().toList()).hasSize(3).first().asString().isEqualTo("line,reason,raw");
        assertThat(csv.out()).contains("x".repeat(200));
        var json = bazaar.cli(finance, "recon", "problems", Long.toString(r), "--output", "json");
        assertThat(json.exitCode()).isZero();
        var tree = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json.out());
        assertThat(tree.get("run").asLong()).isEqualTo(r);
        assertThat(tree.get("unreadable_lines").asLong()).isEqualTo(2);
        assertThat(tree.get("lines").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(tree.get("lines").get(1).get("raw").asString()).isEqualTo(longLine);
        // read as recon report is: not by an operator; an unknown run is not found
        String operator = bazaar.user("olivia", Role.OPERATOR, null);
        assertThat(bazaar.cli(operator, "recon", "problems", Long.toString(r)).exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(bazaar.cli(finance, "recon", "problems", "987654").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(bazaar.cli(finance, "recon", "problems", Long.toString(r), "--limit", "0").exitCode())
                .isEqualTo(ExitCode.REJECTED);
    }

    @Test
    void theStripeReferenceIsConfigurableAndAnotherSettingIsAnotherRunOfTheSameFile() throws Exception {
        String stripe = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,"
                + "charge_id,description\n"
                + "txn_1," + today + " 10:00:00,usd,10.00,.59,9.41,charge,ch_1,ch_1,Order #" + p1 + "\n";
        var byDefault = reconFile(finance, "stripe", "stripe.csv", stripe, Map.of());
        assertThat(byDefault.exitCode()).as(byDefault.toString()).isZero();
        long first = lastRun();
        assertThat(categoryByLine(first)).containsEntry(2L, "MISSING_IN_LEDGER");
        var byDescription = reconFile(finance, "stripe", "stripe.csv", stripe,
                Map.of("BAZAAR_RECON_STRIPE_REFERENCE", "description:Order #(\\d+)"));
        assertThat(byDescription.exitCode()).as(byDescription.toString()).isZero();
        assertThat(byDescription.out()).doesNotContain("already reconciled");
        long second = lastRun();
        assertThat(second).isNotEqualTo(first);
        assertThat(bazaar.jdbc.sql("SELECT payment_id FROM recon_items WHERE run_id = :r AND line = 2")
                .param("r", second).query(Long.class).single()).isEqualTo(p1);
        assertThat(bazaar.jdbc.sql("SELECT merchant_reference || ' ' || charge_id || ' ' || source_id"
                + " FROM settlement_lines WHERE run_id = :r").param("r", second).query(String.class).single())
                .isEqualTo(p1 + " ch_1 ch_1");
        var unusable = reconFile(finance, "stripe", "stripe.csv", stripe,
                Map.of("BAZAAR_RECON_STRIPE_REFERENCE", "metadata:order id"));
        assertThat(unusable.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unusable.err()).contains("recon.stripe.reference: the metadata key 'order id' is not")
                .contains("(got 'metadata:order id' from environment)");
    }

    @Test
    void byChargeIdALineFindsThePaymentWhoseProviderReferenceItIs() throws Exception {
        String charge = bazaar.jdbc.sql("SELECT provider_reference FROM payments WHERE id = :p").param("p", p2)
                .query(String.class).single();
        assertThat(charge).isNotBlank();
        String stripe = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,"
                + "charge_id,description\n"
                + "txn_1," + today + " 10:00:00,usd,20.00,.59,19.41,charge," + charge + "," + charge + ",Order\n"
                + "txn_2," + today + " 10:00:00,usd,12.00,0.00,12.00,charge,ch_unknown,ch_unknown,Order\n";
        var run = reconFile(finance, "stripe", "by-charge.csv", stripe,
                Map.of("BAZAAR_RECON_STRIPE_REFERENCE", "charge_id"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(categoryByLine(r)).containsEntry(2L, "FEE_ONLY").containsEntry(3L, "MISSING_IN_LEDGER");
        assertThat(bazaar.jdbc.sql("SELECT payment_id FROM recon_items WHERE run_id = :r AND line = 2")
                .param("r", r).query(Long.class).single()).isEqualTo(p2);
        // the line names the payment it was matched to, and keeps the charge it was read by
        assertThat(bazaar.jdbc.sql("SELECT merchant_reference || ' ' || charge_id FROM settlement_lines"
                + " WHERE run_id = :r ORDER BY line").param("r", r).query(String.class).list())
                .containsExactly(p2 + " " + charge, "ch_unknown ch_unknown");
    }

    /** p1 with a fee, p2 and its refund, p3 and its chargeback, p4: one payout of 49.70 USD that adds up. */
    private TestBazaar.Run settleEverything(String token, String... extra) throws Exception {
        return recon(token, ""
                + "t1," + p1 + ",PAYMENT,10.00,0.30,9.70,USD," + today + ",po1\n"        // 2 FEE_ONLY
                + "t2," + p2 + ",PAYMENT,20.00,0.00,20.00,USD," + today + ",po1\n"       // 3 MATCHED
                + "t3," + p2 + ",REFUND,-5.00,0.00,-5.00,USD," + today + ",po1\n"        // 4 MATCHED (refund)
                + "t4," + p3 + ",PAYMENT,30.00,0.00,30.00,USD," + today + ",po1\n"       // 5 MATCHED
                + "t5," + p3 + ",CHARGEBACK,-30.00,15.00,-45.00,USD," + today + ",po1\n" // 6 CHARGEBACK
                + "t6," + p4 + ",PAYMENT,40.00,0.00,40.00,USD," + today + ",po1\n"       // 7 MATCHED
                + "t7,,PAYOUT,-49.70,0.00,-49.70,USD," + today + ",po1\n", extra);      // 8 MATCHED (payout)
    }

    private JsonNode row(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (row.get(field).asString().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " " + value + " in " + rows);
    }

    private static List<String> amounts(JsonNode row, String... fields) {
        List<String> values = new ArrayList<>();
        for (String f : fields) {
            assertThat(row.get(f).isString()).as("%s is a decimal string in %s", f, row).isTrue();
            values.add(row.get(f).asString());
        }
        return values;
    }

    @Test
    void summaryTotalsAreSignedByTheirEffectOnTheBalanceAndAddUpToWhatWasPaidOut() throws Exception {
        var run = settleEverything(finance, "--payout-date", today, "--output", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = json.readTree(run.out());
        assertThat(run.out()).doesNotContain("_minor");
        JsonNode summary = report.get("summary");
        // payments add; the refund and the chargeback subtract, and so do the fees and the payout
        assertThat(amounts(row(summary, "category", "MATCHED"), "currency", "expected", "actual", "fees"))
                .containsExactly("USD", "85.00", "35.30", "0.00");
        assertThat(row(summary, "category", "MATCHED").get("count").asLong()).isEqualTo(5);
        assertThat(amounts(row(summary, "category", "FEE_ONLY"), "expected", "actual", "fees"))
                .containsExactly("10.00", "10.00", "-0.30");
        assertThat(amounts(row(summary, "category", "CHARGEBACK"), "expected", "actual", "fees"))
                .containsExactly("0.00", "-30.00", "-15.00");
        assertThat(summary).hasSize(3);
        JsonNode usd = row(report.get("balances"), "currency", "USD");
        assertThat(amounts(usd, "settled", "paid_out", "left")).containsExactly("49.70", "49.70", "0.00");
        // the rows add up: actual + fees of every row = what the lines left at the provider (everything paid out)
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode r : summary) {
            total = total.add(new BigDecimal(r.get("actual").asString())).add(new BigDecimal(r.get("fees").asString()));
        }
        assertThat(total).isEqualByComparingTo(new BigDecimal(usd.get("left").asString()));
        assertThat(new BigDecimal(usd.get("settled").asString()).subtract(new BigDecimal(usd.get("paid_out").asString())))
                .isEqualByComparingTo(total);
        JsonNode waterfall = row(report.get("waterfalls"), "payout", "po1");
        assertThat(amounts(waterfall, "gross", "fees", "refunds", "chargebacks", "adjustments", "expected", "paid_out"))
                .containsExactly("100.00", "15.30", "5.00", "30.00", "0.00", "49.70", "49.70");
        assertThat(waterfall.get("adds_up").asBoolean()).isTrue();

        // the same in the table, and the items' differences in major units with their currency in every output
        long r = lastRun();
        var table = bazaar.cli(finance, "recon", "report", Long.toString(r));
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("CATEGORY\\s+CURRENCY\\s+COUNT\\s+EXPECTED\\s+ACTUAL\\s+FEES\n")
                .containsPattern("MATCHED\\s+USD\\s+5\\s+85.00\\s+35.30\\s+0.00\n")
                .containsPattern("CHARGEBACK\\s+USD\\s+1\\s+0.00\\s+-30.00\\s+-15.00\n")
                .containsPattern("USD\\s+49.70\\s+49.70\\s+0.00\n")
                .containsPattern("po1\\s+USD\\s+100.00\\s+15.30\\s+5.00\\s+30.00\\s+0.00\\s+49.70\\s+49.70\\s+true")
                .contains("matched; fee 0.30 USD").contains("chargeback of 30.00 USD on payment " + p3)
                .doesNotContain("minor units");
        var csv = bazaar.cli(finance, "recon", "report", Long.toString(r), "--output", "csv");
        assertThat(csv.out()).contains(",matched; fee 0.30 USD,").contains(",chargeback of 30.00 USD on payment " + p3 + ",");
        var items = json.readTree(bazaar.cli(finance, "recon", "report", Long.toString(r), "--output", "json").out())
                .get("items");
        JsonNode chargeback = row(items, "category", "CHARGEBACK");
        assertThat(chargeback.get("currency").asString()).isEqualTo("USD");
        assertThat(chargeback.get("difference").asString()).isEqualTo("chargeback of 30.00 USD on payment " + p3);
    }

    @Test
    void amountsInACurrencyWithoutMinorDigitsHaveNoDecimalPoint() throws Exception {
        bazaar.seller("NIPPON", "JPY");
        bazaar.product("NIPPON", "TEA", "1200", 100);
        var id = bazaar.order("j", "NIPPON", "TEA:1").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
        bazaar.services.capturePayment().capture(bazaar.admin(), id);
        var run = recon(finance, ""
                + "j1," + id.value() + ",PAYMENT,1250,36,1214,JPY," + today + ",poj\n"
                + "j2,,PAYOUT,-1214,0,-1214,JPY," + today + ",poj\n", "--payout-date", today);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("AMOUNT_MISMATCH\\s+JPY\\s+1\\s+1200\\s+1250\\s+-36\n")
                .containsPattern("poj\\s+JPY\\s+1250\\s+36\\s+0\\s+0\\s+0\\s+1214\\s+1214\\s+true");
        long r = lastRun();
        JsonNode report = json.readTree(bazaar.cli(finance, "recon", "report", Long.toString(r), "--output", "json")
                .out());
        JsonNode mismatch = row(report.get("summary"), "category", "AMOUNT_MISMATCH");
        assertThat(amounts(mismatch, "currency", "expected", "actual", "fees")).containsExactly("JPY", "1200", "1250",
                "-36");
        assertThat(amounts(row(report.get("balances"), "currency", "JPY"), "settled", "paid_out", "left"))
                .containsExactly("1214", "1214", "0");
        assertThat(amounts(row(report.get("waterfalls"), "payout", "poj"), "gross", "fees", "expected", "paid_out"))
                .containsExactly("1250", "36", "1214", "1214");
        assertThat(row(report.get("items"), "category", "AMOUNT_MISMATCH").get("difference").asString())
                .isEqualTo("captured 1200 JPY, settled 1250 JPY");
        var csv = bazaar.cli(finance, "recon", "report", Long.toString(r), "--output", "csv", "--category",
                "AMOUNT_MISMATCH");
        assertThat(csv.out()).contains(",\"captured 1200 JPY, settled 1250 JPY\",");
    }

    @Test
    void runsAreListedNewestFirstWithTheirFileAndOpenDiscrepancies() throws Exception {
        String csv = "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n"
                + "t2,987654,PAYMENT,12.00,0.00,12.00,USD," + today + ",po1\n";
        assertThat(recon(finance, csv).exitCode()).isZero();
        long first = lastRun();
        String corrected = csv + "t3," + p2 + ",PAYMENT,20.00,0.00,20.00,USD," + today + ",po1\n";
        assertThat(recon(finance, corrected, "--supersede").exitCode()).isZero();
        long second = lastRun();
        long item = bazaar.jdbc.sql("SELECT id FROM recon_items WHERE run_id = :r AND category = 'MISSING_IN_LEDGER'")
                .param("r", second).query(Long.class).single();
        assertThat(bazaar.cli(finance, "recon", "resolve", Long.toString(item), "--resolution", "accepted", "--reason",
                "test charge").exitCode()).isZero();

        var all = bazaar.cli(finance, "recon", "list", "--output", "json");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        JsonNode runs = json.readTree(all.out()).get("items");
        assertThat(runs).hasSize(2);
        assertThat(json.readTree(all.out()).get("next").isNull()).isTrue();
        assertThat(runs.get(0).get("run").asLong()).isEqualTo(second);
        assertThat(runs.get(1).get("run").asLong()).isEqualTo(first);
        for (JsonNode run : runs) {
            long id = run.get("run").asLong();
            assertThat(run.get("provider").asString()).isEqualTo("generic");
            assertThat(run.get("file").asString()).matches("settle-[0-9a-f]+\\.csv");
            assertThat(run.get("created").asString()).isNotBlank();
            assertThat(run.get("items").asLong()).isEqualTo(bazaar.jdbc.sql("SELECT count(*) FROM recon_items"
                    + " WHERE run_id = :r").param("r", id).query(Long.class).single()).isPositive();
            assertThat(run.get("open_discrepancies").asLong()).isEqualTo(bazaar.jdbc.sql("SELECT count(*) FROM"
                    + " recon_items WHERE run_id = :r AND status IN ('OPEN', 'AWAITING_APPROVAL')").param("r", id)
                    .query(Long.class).single());
        }
        assertThat(runs.get(0).get("status").asString()).isEqualTo("CLASSIFIED");
        assertThat(runs.get(1).get("status").asString()).isEqualTo("SUPERSEDED");
        // the first run's unknown reference is still open there; the second's was resolved
        assertThat(runs.get(1).get("open_discrepancies").asLong()).isGreaterThan(runs.get(0).get("open_discrepancies")
                .asLong());

        var superseded = json.readTree(bazaar.cli(finance, "recon", "list", "--status", "SUPERSEDED", "--output",
                "json").out()).get("items");
        assertThat(superseded).hasSize(1);
        assertThat(superseded.get(0).get("run").asLong()).isEqualTo(first);
        var newest = bazaar.cli(finance, "recon", "list", "--limit", "1", "--output", "json");
        assertThat(json.readTree(newest.out()).get("items"))
                .hasSize(1).first().satisfies(n -> assertThat(n.get("run").asLong()).isEqualTo(second));
        String next = json.readTree(newest.out()).get("next").asString();
        assertThat(newest.err()).isEqualTo("note: showing 1; next page: --after " + next + "\n");
        var older = json.readTree(bazaar.cli(finance, "recon", "list", "--limit", "1", "--after", next, "--output",
                "json").out());
        assertThat(older.get("items")).hasSize(1).first()
                .satisfies(n -> assertThat(n.get("run").asLong()).isEqualTo(first));
        assertThat(older.get("next").isNull()).isTrue();
        assertThat(bazaar.cli(finance, "recon", "list", "--status", "STAGED").out()).isEqualTo("(none)\n");

        var table = bazaar.cli(finance, "recon", "list");
        assertThat(table.out().lines().toList()).hasSize(3).first().asString()
                .matches("RUN\\s+PROVIDER\\s+FILE\\s+STATUS\\s+CREATED\\s+ITEMS\\s+OPEN DISCREPANCIES");
        assertThat(table.out().lines().skip(1).findFirst().orElseThrow())
                .matches(second + "\\s+generic\\s+settle-[0-9a-f]+\\.csv\\s+CLASSIFIED\\s+\\S+\\s+\\d+\\s+\\d+");
        var csvList = bazaar.cli(finance, "recon", "list", "--output", "csv");
        assertThat(csvList.out().lines().toList()).hasSize(3).first().asString()
                .isEqualTo("run,provider,file,status,created,items,open_discrepancies");

        assertThat(bazaar.cli(finance, "recon", "list", "--limit", "0").exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(bazaar.cli(finance, "recon", "list", "--status", "OPEN").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bazaar.cli(bazaar.user("aud", Role.AUDITOR, null), "recon", "list").exitCode()).isZero();
        assertThat(bazaar.cli(bazaar.user("olivia", Role.OPERATOR, null), "recon", "list").exitCode())
                .isEqualTo(ExitCode.DENIED);
    }

    @Test
    void aReportListsTheItemsOfOneStatusAlsoWithinACategory() throws Exception {
        assertThat(recon(finance, ""
                + "t1," + p1 + ",PAYMENT,10.00,0.00,10.00,USD," + today + ",po1\n"      // MATCHED, NONE
                + "t2,987654,PAYMENT,12.00,0.00,12.00,USD," + today + ",po1\n"          // MISSING_IN_LEDGER, OPEN
                + "t3,987655,PAYMENT,13.00,0.00,13.00,USD," + today + ",po1\n"          // MISSING_IN_LEDGER, RESOLVED
                + "t4," + p3 + ",PAYMENT,31.00,0.00,31.00,USD," + today + ",po1\n",     // AMOUNT_MISMATCH, OPEN
                "--payout-date", today).exitCode()).isZero();
        long r = lastRun();
        long resolved = bazaar.jdbc.sql("SELECT id FROM recon_items WHERE run_id = :r AND line = 4").param("r", r)
                .query(Long.class).single();
        assertThat(bazaar.cli(finance, "recon", "resolve", Long.toString(resolved), "--resolution", "accepted",
                "--reason", "test charge").exitCode()).isZero();

        assertThat(lines(r, "--status", "OPEN")).containsExactlyInAnyOrderElementsOf(itemsWhere(r, "status = 'OPEN'"))
                .contains("3 MISSING_IN_LEDGER OPEN", "5 AMOUNT_MISMATCH OPEN");
        assertThat(lines(r, "--status", "RESOLVED")).containsExactly("4 MISSING_IN_LEDGER RESOLVED");
        assertThat(lines(r, "--status", "NONE")).contains("2 MATCHED NONE")
                .containsExactlyInAnyOrderElementsOf(itemsWhere(r, "status = 'NONE'"));
        assertThat(lines(r, "--status", "AWAITING_APPROVAL")).isEmpty();
        assertThat(lines(r, "--status", "OPEN", "--category", "MISSING_IN_LEDGER"))
                .containsExactly("3 MISSING_IN_LEDGER OPEN");
        assertThat(lines(r, "--category", "MISSING_IN_LEDGER")).containsExactly("3 MISSING_IN_LEDGER OPEN",
                "4 MISSING_IN_LEDGER RESOLVED");
        // the table and JSON forms filter alike; the summary stays the whole run's
        var table = bazaar.cli(finance, "recon", "report", Long.toString(r), "--status", "RESOLVED");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("RESOLVED").doesNotContain("AMOUNT_MISMATCH  OPEN")
                .containsPattern("AMOUNT_MISMATCH\\s+USD\\s+1\\s+30.00\\s+31.00\\s+0.00");
        JsonNode items = json.readTree(bazaar.cli(finance, "recon", "report", Long.toString(r), "--status", "OPEN",
                "--output", "json").out()).get("items");
        assertThat(items).hasSize(itemsWhere(r, "status = 'OPEN'").size())
                .allSatisfy(i -> assertThat(i.get("status").asString()).isEqualTo("OPEN"));
        assertThat(bazaar.cli(finance, "recon", "report", Long.toString(r), "--status", "CLOSED").exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    /** "LINE CATEGORY STATUS" of the items of run r in the CSV report with these options (internal items: "-"). */
    private List<String> lines(long r, String... options) {
        List<String> args = new ArrayList<>(List.of("recon", "report", Long.toString(r), "--output", "csv"));
        args.addAll(List.of(options));
        var csv = bazaar.cli(finance, args.toArray(String[]::new));
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        return csv.out().lines().skip(1).map(l -> l.split(",")).map(c -> (c[1].isEmpty() ? "-" : c[1]) + " " + c[3]
                + " " + c[4]).toList();
    }

    private List<String> itemsWhere(long r, String condition) {
        return bazaar.jdbc.sql("SELECT coalesce(line::text, '-') || ' ' || category || ' ' || status FROM recon_items"
                + " WHERE run_id = :r AND " + condition).param("r", r).query(String.class).list();
    }
}
