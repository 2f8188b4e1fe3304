package com.bazaar.domain.payment;

import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentLifecycleTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");

    static Payment payment(PaymentStatus status, Optional<PaymentOperation> flight) {
        Money amount = Money.of(2598, USD);
        return new Payment(new PaymentId(5001), new OrderId(1001), amount, status, flight, Optional.of("ref"),
                status == PaymentStatus.CAPTURED ? amount : Money.zero(USD), Money.zero(USD), 0);
    }

    @Test
    void operationsStartOnlyFromTheirState() {
        for (PaymentStatus status : PaymentStatus.values()) {
            Optional<PaymentOperation> flight = status.inDoubt() ? Optional.of(PaymentOperation.CAPTURE) : Optional.empty();
            for (PaymentOperation op : PaymentOperation.values()) {
                Payment p = payment(status, flight);
                if (status == op.approved()) {
                    assertThat(p.mayStart(op)).as(status + " " + op).isFalse();
                } else if (status == op.from()) {
                    assertThat(p.mayStart(op)).as(status + " " + op).isTrue();
                } else {
                    assertThatThrownBy(() -> p.mayStart(op)).as(status + " " + op).isInstanceOf(RuleViolation.class);
                }
            }
        }
    }

    @Test
    void answersMoveThePaymentAsTheTableSays() {
        Payment fresh = payment(PaymentStatus.REQUIRES_AUTHORIZATION, Optional.empty());
        assertThat(fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Approved("a")).aggregate().status())
                .isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Declined("no")).aggregate().status())
                .isEqualTo(PaymentStatus.FAILED);
        Payment lost = fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Unknown("timeout")).aggregate();
        assertThat(lost.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(lost.inFlight()).contains(PaymentOperation.AUTHORIZE);
        assertThat(lost.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Approved("a")).aggregate().inFlight())
                .isEmpty();

        Payment authorized = payment(PaymentStatus.AUTHORIZED, Optional.empty());
        Payment captured = authorized.apply(PaymentOperation.CAPTURE, new ProviderResult.Approved("c")).aggregate();
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(captured.captured()).isEqualTo(captured.amount());
        assertThat(authorized.apply(PaymentOperation.CAPTURE, new ProviderResult.Declined("no")).aggregate().status())
                .isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(authorized.apply(PaymentOperation.VOID, new ProviderResult.Approved("v")).aggregate().status())
                .isEqualTo(PaymentStatus.VOIDED);
        for (PaymentStatus terminal : List.of(PaymentStatus.CAPTURED, PaymentStatus.FAILED, PaymentStatus.VOIDED)) {
            assertThat(terminal.next()).isEmpty();
        }
    }

    @Test
    void refundsNeverExceedTheCapture() {
        Payment captured = payment(PaymentStatus.CAPTURED, Optional.empty());
        Payment part = captured.reserveRefund(Money.of(2000, USD));
        assertThat(part.refundable()).isEqualTo(Money.of(598, USD));
        assertThatThrownBy(() -> part.reserveRefund(Money.of(599, USD))).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("exceeds what is left to refund");
        assertThat(part.reserveRefund(Money.of(598, USD)).fullyRefunded()).isTrue();
        assertThatThrownBy(() -> payment(PaymentStatus.AUTHORIZED, Optional.empty()).reserveRefund(Money.of(1, USD)))
                .isInstanceOf(RuleViolation.class);
        assertThat(part.releaseRefund(Money.of(2000, USD)).refunded().isZero()).isTrue();
    }

    @Test
    void ledgerTransactionsBalanceByConstruction() {
        var capture = LedgerTransaction.capture("c", "ACME", Money.of(2598, USD), 500);
        assertThat(capture.postings()).extracting(p -> p.amount().minor()).containsExactly(2598L, -2468L, -130L);
        assertThatThrownBy(() -> new LedgerTransaction("x", List.of(
                new LedgerTransaction.Posting("provider:clearing", Money.of(1, USD)),
                new LedgerTransaction.Posting("seller:ACME:payable", Money.of(-2, USD)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not balance");
    }

    @Test
    void everyAnswerReturnsTheEventOfTheStatusItLeadsTo() {
        Payment fresh = payment(PaymentStatus.REQUIRES_AUTHORIZATION, Optional.empty());
        Payment authorized = payment(PaymentStatus.AUTHORIZED, Optional.empty());
        assertThat(fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Approved("a")).events())
                .singleElement().isInstanceOf(PaymentEvent.PaymentAuthorized.class);
        assertThat(fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Declined("no")).events())
                .singleElement().isInstanceOf(PaymentEvent.PaymentFailed.class);
        assertThat(fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Pending("p")).events())
                .singleElement().isInstanceOf(PaymentEvent.PaymentPending.class);
        assertThat(fresh.apply(PaymentOperation.AUTHORIZE, new ProviderResult.Unknown("lost")).events())
                .singleElement().isInstanceOf(PaymentEvent.PaymentUnknown.class);
        var captured = authorized.apply(PaymentOperation.CAPTURE, new ProviderResult.Approved("c"));
        assertThat(captured.events()).containsExactly(new PaymentEvent.PaymentCaptured(
                PaymentSnapshot.of(captured.aggregate())));
        assertThat(authorized.apply(PaymentOperation.CAPTURE, new ProviderResult.Declined("no")).events())
                .as("a declined capture leaves the payment authorized and says so again")
                .singleElement().isInstanceOf(PaymentEvent.PaymentAuthorized.class);
        assertThat(authorized.apply(PaymentOperation.VOID, new ProviderResult.Approved("v")).events())
                .singleElement().isInstanceOf(PaymentEvent.PaymentVoided.class);
    }

    @Test
    void aRefundSettledByTheProviderSaysHow() {
        Refund waiting = new Refund(9001, new PaymentId(5001), Money.of(100, USD), Refund.Status.PENDING, "scratch");
        var issued = waiting.settle(new ProviderResult.Approved("r"));
        assertThat(issued.aggregate().status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(issued.events()).containsExactly(new RefundEvent.RefundIssued(issued.aggregate()));
        assertThat(waiting.settle(new ProviderResult.Declined("no")).events()).singleElement()
                .isEqualTo(new RefundEvent.RefundFailed(new Refund(9001, new PaymentId(5001), Money.of(100, USD),
                        Refund.Status.FAILED, "scratch")));
        assertThat(waiting.settle(new ProviderResult.Unknown("lost")).events()).singleElement()
                .isInstanceOf(RefundEvent.RefundInDoubt.class);
        assertThatThrownBy(() -> issued.aggregate().settle(new ProviderResult.Approved("r")))
                .isInstanceOf(IllegalStateException.class);
    }
}
