package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.domain.payment.PaymentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation of hand-made settlement files through the command line: every category, reversals matched to what they
 * reverse, a payment settled before its capture, waterfalls that add up and that do not, a re-run that does nothing,
 * an explicit supersede, four-eyes write-offs, and roles.
 */
class ReconciliationTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String finance;
    private long p1, p2, p3, p4, authorizedOnly;
    private final String today = LocalDate.now().toString();

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
                + "t11,,PAYOUT,-83.40,0.00,-83.40,USD," + d + ",po1\n"                         // 12 MATCHED (payout)
                + "this line is broken\n", "--payout-date", d);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long r = lastRun();
        assertThat(categoryByLine(r)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(2L, "MATCHED"), Map.entry(3L, "FEE_ONLY"), Map.entry(4L, "AMOUNT_MISMATCH"),
                Map.entry(5L, "CURRENCY_MISMATCH"), Map.entry(6L, "STATUS_MISMATCH"),
                Map.entry(7L, "DUPLICATE_IN_SETTLEMENT"), Map.entry(8L, "MISSING_IN_LEDGER"), Map.entry(9L, "MATCHED"),
                Map.entry(10L, "CHARGEBACK"), Map.entry(11L, "FEE_ONLY"), Map.entry(12L, "MATCHED")));
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
        assertThat(run.out()).containsPattern("good\\s+USD\\s+3000\\s+90\\s+500\\s+0\\s+0\\s+2410\\s+2410\\s+true");
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
}
