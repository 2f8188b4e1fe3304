package com.bazaar.cli;

import com.bazaar.domain.refund.application.IssueRefund;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.refund.Refund;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Money state is always consistent: concurrent refunds on one payment never exceed the captured amount, the ledger
 * balances after every test, and the database refuses inconsistent money written behind the application's back.
 */
class MoneyIsAlwaysConsistentTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private PaymentId payment;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 10);
        var placed = bazaar.order("o-1", "ACME", "MUG:2");
        payment = placed.order().payment().orElseThrow().id();
        bazaar.services.processPayment().authorize(bazaar.admin(), payment);
        bazaar.services.processPayment().capture(bazaar.admin(), payment);
    }

    @AfterEach
    void ledgerBalances() {
        var check = bazaar.services.ledgerReport().check(bazaar.admin());
        assertThat(check.balanced()).as("ledger check " + check).isTrue();
    }

    private IssueRefund.Issued refund(String key, String amount) {
        return bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(), new IdempotencyKey(key),
                payment, amount, "test refund"));
    }

    @Test
    void aCaptureMovesTheOrderStockAndLedgerTogether() {
        var p = bazaar.services.processPayment().show(bazaar.admin(), payment);
        assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(p.captured().minor()).isEqualTo(2598);
        assertThat(bazaar.jdbc.sql("SELECT status FROM orders").query(String.class).single()).isEqualTo("PAID");
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(8);
        assertThat(bazaar.stock("reserved", "MUG")).isZero();
        assertThat(bazaar.jdbc.sql("SELECT sum(amount_minor) FROM ledger_postings WHERE account = 'platform:commission'")
                .query(Long.class).single()).isEqualTo(-130); // 5% of 25.98, half-even
    }

    @Test
    void concurrentRefundsNeverExceedTheCapture() throws Exception {
        var outcomes = Concurrently.run(8, i -> () -> refund("r-" + i, "5.00"));
        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(5);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOf(RuleViolation.class).hasMessageContaining("exceeds what is left to refund"));
        var p = bazaar.services.processPayment().show(bazaar.admin(), payment);
        assertThat(p.refunded().minor()).isEqualTo(2500);
        assertThat(p.refunded().compareTo(p.captured())).isLessThanOrEqualTo(0);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds WHERE status = 'SUCCEEDED'").query(Long.class).single())
                .isEqualTo(5);
        assertThat(bazaar.jdbc.sql("SELECT sum(amount_minor) FROM ledger_postings WHERE account = 'provider:clearing'")
                .query(Long.class).single()).isEqualTo(98);
    }

    @Test
    void aRefundRepeatedWithItsKeyMovesMoneyOnce() {
        var first = refund("same", "3.00");
        var again = refund("same", "3.00");
        assertThat(again.replayed()).isTrue();
        assertThat(again.refund().id()).isEqualTo(first.refund().id());
        assertThat(bazaar.services.processPayment().show(bazaar.admin(), payment).refunded().minor()).isEqualTo(300);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM ledger_postings WHERE transaction_ref LIKE 'refund:%'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void theDatabaseRefusesInconsistentMoney() {
        assertThat(catchThrowable(() -> bazaar.jdbc.sql("UPDATE payments SET refunded_minor = captured_minor + 1")
                .update())).hasMessageContaining("payments_money_consistent");
        var tx = new org.springframework.transaction.support.TransactionTemplate(
                bazaar.services.database().transactionManager());
        assertThat(catchThrowable(() -> tx.executeWithoutResult(s -> bazaar.jdbc.sql(
                "INSERT INTO ledger_postings (transaction_ref, account, amount_minor, currency, posted_at)"
                        + " VALUES ('forged', 'provider:clearing', 100, 'USD', now())").update())))
                .rootCause().hasMessageContaining("ledger transaction forged does not balance in USD: 100");
        assertThat(catchThrowable(() -> bazaar.jdbc.sql("DELETE FROM ledger_postings").update()))
                .rootCause().hasMessageContaining("ledger_postings is append-only: DELETE is not allowed");
        assertThat(catchThrowable(() -> bazaar.jdbc.sql("UPDATE ledger_postings SET amount_minor = 0").update()))
                .rootCause().hasMessageContaining("ledger_postings is append-only: UPDATE is not allowed");
    }

    @Test
    void aPaidOrderIsCancelledOnlyAfterAFullRefundAndItsStockReturns() {
        long order = bazaar.jdbc.sql("SELECT id FROM orders").query(Long.class).single();
        var refused = bazaar.cli(bazaar.adminToken(), "order", "cancel", Long.toString(order), "--reason", "buyer asked");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(refused.err()).contains("refund it in full before cancelling");
        refund("all", "25.98");
        var cancel = bazaar.cli(bazaar.adminToken(), "order", "cancel", Long.toString(order), "--reason", "buyer asked");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(10);
    }

    @Test
    void anOverRefundIsRefusedAtTheCliWithExit4() {
        var run = bazaar.cli(bazaar.adminToken(), "refund", "create", "--payment", payment.toString(), "--amount", "26.00",
                "--reason", "x", "--idempotency-key", "big");
        assertThat(run.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("exceeds what is left to refund on payment " + payment);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isZero();
        var precise = bazaar.cli(bazaar.adminToken(), "refund", "create", "--payment", payment.toString(), "--amount",
                "1.001", "--reason", "x", "--idempotency-key", "precise");
        assertThat(precise.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(precise.err()).contains("more decimals than USD allows");
        assertThat(Refund.Status.values()).isNotEmpty();
    }
}
