package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.domain.payment.PaymentId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refunds file refunds each row exactly once however often it runs; an UNKNOWN provider answer is settled by the
 * janitor, never by a second refund; rows the domain refuses are reported; only finance and operators may run it.
 */
class RefundsJobTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String finance;
    private long payment;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "TV", "500.00", 5);
        var id = bazaar.order("tv", "ACME", "TV:1").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
        bazaar.services.capturePayment().capture(bazaar.admin(), id);
        payment = id.value();
        finance = bazaar.user("fiona", Role.FINANCE, null);
    }

    @AfterEach
    void ledgerBalances() {
        assertThat(bazaar.services.ledgerReport().check(bazaar.admin()).balanced()).isTrue();
    }

    private TestBazaar.Run refunds(String token, String rows, String... extra) throws Exception {
        Path f = home.resolve("refunds-" + Integer.toHexString(rows.hashCode()) + ".csv");
        Files.writeString(f, "payment_ref,amount,currency,reason,idempotency_key\n" + rows);
        String[] base = {"job", "run", "refunds", "--file", f.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return bazaar.cli(token, args);
    }

    private long refundsOf(String status) {
        return bazaar.jdbc.sql("SELECT count(*) FROM refunds WHERE status = :s").param("s", status)
                .query(Long.class).single();
    }

    @Test
    void aFileRunTwiceRefundsEachRowOnce() throws Exception {
        String rows = payment + ",10.00,USD,damaged,k1\n" + payment + ",20.00,USD,late,k2\n";
        var first = refunds(finance, rows, "--mode", "apply");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).containsPattern("rows:\\s+2\\n");
        assertThat(refundsOf("SUCCEEDED")).isEqualTo(2);
        var again = refunds(finance, rows, "--mode", "apply");
        assertThat(again.out()).contains("already processed");
        var copy = refunds(finance, rows + "\n", "--mode", "apply");
        assertThat(copy.exitCode()).isZero();
        assertThat(copy.out()).containsPattern("refunds replayed:\\s+2");
        assertThat(refundsOf("SUCCEEDED")).isEqualTo(2);
        assertThat(bazaar.services.showPayment().show(bazaar.admin(), new PaymentId(payment)).refunded().minor())
                .isEqualTo(3000);
    }

    @Test
    void onATerminalTheProgressNamesTheRefundStepsAndIsErasedBeforeTheResult() throws Exception {
        Path f = home.resolve("progress.csv");
        Files.writeString(f, "payment_ref,amount,currency,reason,idempotency_key\n" + payment + ",1.00,USD,dent,p1\n"
                + payment + ",2.00,USD,dent,p2\n");
        var run = bazaar.cliWithEnv(java.util.Map.of("BAZAAR_PROGRESS", "line", "COLUMNS", "200"), finance,
                "job", "run", "refunds", "--file", f.toString(), "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("refunds progress.csv: issuing refunds")
                .contains(": settling pending refunds").endsWith(com.bazaar.batch.support.ProgressListener.CLEAR);
        assertThat(run.out()).containsPattern("refunds succeeded:\\s+2").doesNotContain("issuing refunds");
    }

    @Test
    void anUnknownAnswerIsSettledByTheJanitorNeverRefundedTwice() throws Exception {
        var run = refunds(finance, payment + ",1.52,USD,lost answer,u1\n", "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("refunds pending:\\s+1").containsPattern("refunds settled pending:\\s+1");
        assertThat(refundsOf("SUCCEEDED")).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM simulated_provider_operations WHERE operation = 'REFUND'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.cli(finance, "refund", "settle-pending").out()).contains("Settled 0 refund(s)");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM ledger_postings WHERE transaction_ref LIKE 'refund:%'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void refusedRowsAreReportedWithTheirReasonAndPlanChangesNothing() throws Exception {
        Path report = home.resolve("errors.csv");
        String rows = payment + ",600.00,USD,too much,a\n9999,1.00,USD,nobody,b\n" + payment + ",1.00,EUR,currency,c\n"
                + payment + ",1.001,USD,precision,d\n" + payment + ",5.00,USD,fine,e\n";
        var plan = refunds(finance, rows);
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).containsPattern("refunds would refund:\\s+1");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isZero();
        var apply = refunds(finance, rows, "--mode", "apply", "--error-report", report.toString());
        assertThat(apply.exitCode()).isZero();
        assertThat(Files.readString(report)).contains("2,,REFUND_EXCEEDS_CAPTURE").contains("3,,PAYMENT_NOT_FOUND")
                .contains("4,currency,CURRENCY_MISMATCH").contains("5,amount,AMOUNT_PRECISION");
        assertThat(refundsOf("SUCCEEDED")).isEqualTo(1);
    }

    @Test
    void onlyFinanceAndOperatorsMayRunRefunds() throws Exception {
        String seller = bazaar.user("acme", Role.SELLER, "ACME");
        String auditor = bazaar.user("aud", Role.AUDITOR, null);
        String operator = bazaar.user("olivia", Role.OPERATOR, null);
        String rows = payment + ",1.00,USD,x,r1\n";
        assertThat(refunds(seller, rows, "--mode", "apply").exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(refunds(auditor, rows, "--mode", "apply").exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(refunds(operator, rows, "--mode", "apply").exitCode()).isZero();
    }
}
