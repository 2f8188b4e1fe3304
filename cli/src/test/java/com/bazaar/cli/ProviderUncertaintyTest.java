package com.bazaar.cli;

import com.bazaar.domain.refund.application.IssueRefund;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.refund.Refund;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Provider answers that are not final (PENDING, UNKNOWN) never lead to a blind retry: the payment records the
 * operation in flight, refuses other operations, and the janitor settles it by asking the provider. The simulated
 * provider picks its behaviour from the amount's cents: .51 declines, .52 loses the answer, .53 stays pending.
 */
class ProviderUncertaintyTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "DECLINE", "10.51", 10);
        bazaar.product("ACME", "LOST", "10.52", 10);
        bazaar.product("ACME", "SLOW", "10.53", 10);
        bazaar.product("ACME", "PLAIN", "10.00", 10);
    }

    private PaymentId paymentFor(String key, String line) {
        return bazaar.order(key, "ACME", line).order().payment().orElseThrow().id();
    }

    @Test
    void aDeclinedAuthorizationFailsThePaymentAndTheCliExits4() {
        PaymentId p = paymentFor("d", "DECLINE:1");
        var run = bazaar.cli(bazaar.adminToken(), "payment", "authorize", p.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("the provider declined");
        assertThat(bazaar.services.processPayment().show(bazaar.admin(), p).status()).isEqualTo(PaymentStatus.FAILED);
    }

    @Test
    void aLostAnswerIsSettledByAskingTheProviderNotByRetrying() {
        PaymentId p = paymentFor("u", "LOST:1");
        var outcome = bazaar.services.processPayment().authorize(bazaar.admin(), p);
        assertThat(outcome.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(catchThrowable(() -> bazaar.services.processPayment().capture(bazaar.admin(), p)))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("payment resolve");
        assertThat(catchThrowable(() -> bazaar.services.processPayment().authorize(bazaar.admin(), p)))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("in flight");

        var resolve = bazaar.cli(bazaar.adminToken(), "payment", "resolve");
        assertThat(resolve.exitCode()).as(resolve.toString()).isZero();
        assertThat(resolve.out()).contains("Settled 1 payment(s)");
        assertThat(bazaar.services.processPayment().show(bazaar.admin(), p).status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM simulated_provider_operations WHERE key = :k")
                .param("k", "payment-" + p + "-authorize").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aPendingAnswerWaitsForTheProvider() {
        PaymentId p = paymentFor("s", "SLOW:1");
        assertThat(bazaar.services.processPayment().authorize(bazaar.admin(), p).payment().status())
                .isEqualTo(PaymentStatus.PENDING);
        assertThat(bazaar.services.processPayment().resolve(bazaar.admin())).isEqualTo(1);
        assertThat(bazaar.services.processPayment().show(bazaar.admin(), p).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }

    @Test
    void anAuthorizedOrderIsNotExpiredByTheClockAndMustBeVoidedToCancel() {
        PaymentId p = paymentFor("a", "PLAIN:2");
        bazaar.services.processPayment().authorize(bazaar.admin(), p);
        bazaar.clock.advance(java.time.Duration.ofHours(1));
        assertThat(bazaar.services.releaseExpired().release(bazaar.admin()).ordersExpired()).isZero();
        long order = bazaar.jdbc.sql("SELECT order_id FROM payments WHERE id = :p").param("p", p.value())
                .query(Long.class).single();
        var cancel = bazaar.cli(bazaar.adminToken(), "order", "cancel", Long.toString(order), "--reason", "x");
        assertThat(cancel.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(cancel.err()).contains("void it first");
        bazaar.services.processPayment().voidPayment(bazaar.admin(), p);
        assertThat(bazaar.cli(bazaar.adminToken(), "order", "cancel", Long.toString(order), "--reason", "x").exitCode())
                .isZero();
        assertThat(bazaar.stock("reserved", "PLAIN")).isZero();
    }

    @Test
    void aRefundWhoseAnswerWasLostIsSettledOnceAndPostedOnce() {
        PaymentId p = paymentFor("r", "PLAIN:2");
        bazaar.services.processPayment().authorize(bazaar.admin(), p);
        bazaar.services.processPayment().capture(bazaar.admin(), p);
        var issued = bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(), new IdempotencyKey("lost"),
                p, "1.52", "damaged"));
        assertThat(issued.refund().status()).isEqualTo(Refund.Status.UNKNOWN);
        assertThat(bazaar.services.issueRefund().resolve(bazaar.admin())).isEqualTo(1);
        assertThat(bazaar.services.issueRefund().resolve(bazaar.admin())).isZero();
        assertThat(bazaar.jdbc.sql("SELECT status FROM refunds").query(String.class).single()).isEqualTo("SUCCEEDED");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM ledger_postings WHERE transaction_ref LIKE 'refund:%'")
                .query(Long.class).single()).isEqualTo(2);
        var declined = bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(),
                new IdempotencyKey("no"), p, "1.51", "x"));
        assertThat(declined.refund().status()).isEqualTo(Refund.Status.FAILED);
        assertThat(declined.payment().refunded().minor()).isEqualTo(152);
        assertThat(bazaar.services.ledgerReport().check(bazaar.admin()).balanced()).isTrue();
    }

    @Test
    void aRefundTheProviderHoldsPendingStaysPendingNotUnknownUntilTheJanitorSettlesIt() {
        PaymentId p = paymentFor("pending-refund", "PLAIN:2");
        bazaar.services.processPayment().authorize(bazaar.admin(), p);
        bazaar.services.processPayment().capture(bazaar.admin(), p);
        long auditBefore = bazaar.auditCount();
        var issued = bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(),
                new IdempotencyKey("slow-refund"), p, "1.53", "damaged"));
        assertThat(issued.refund().status()).isEqualTo(Refund.Status.PENDING);
        assertThat(bazaar.auditCount() - auditBefore).as("only the request is recorded: nothing was settled")
                .isEqualTo(1);
        // an SRE may run the janitor: it asks the provider and never refunds again
        String sre = bazaar.user("sam", com.bazaar.domain.identity.Role.SRE, null);
        var janitor = bazaar.cli(sre, "refund", "settle-pending");
        assertThat(janitor.exitCode()).as(janitor.toString()).isZero();
        assertThat(janitor.out()).contains("Settled 1 refund(s)");
        assertThat(bazaar.jdbc.sql("SELECT status FROM refunds").query(String.class).single()).isEqualTo("SUCCEEDED");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM simulated_provider_operations WHERE operation = 'REFUND'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void expiredReservationsCancelTheUnpaidOrderOnce() {
        bazaar.order("late", "ACME", "PLAIN:3");
        assertThat(bazaar.stock("reserved", "PLAIN")).isEqualTo(3);
        assertThat(bazaar.services.releaseExpired().release(bazaar.admin()).ordersExpired()).isZero();
        bazaar.clock.advance(java.time.Duration.ofMinutes(16));
        var result = bazaar.services.releaseExpired().release(bazaar.admin());
        assertThat(result.ordersExpired()).isEqualTo(1);
        assertThat(result.reservationsReleased()).isEqualTo(1);
        assertThat(bazaar.stock("reserved", "PLAIN")).isZero();
        assertThat(bazaar.jdbc.sql("SELECT status FROM orders").query(String.class).single()).isEqualTo("CANCELLED");
        assertThat(bazaar.services.releaseExpired().release(bazaar.admin()).ordersExpired()).isZero();
    }
}
