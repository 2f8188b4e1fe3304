package com.bazaar.domain.payment;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The payment of one order. Money state is consistent by construction (and by CHECK constraints):
 * {@code 0 <= refunded <= captured <= amount}, all in one currency; captured is either zero or the whole amount.
 */
public record Payment(PaymentId id, OrderId order, Money amount, PaymentStatus status,
                      Optional<PaymentOperation> inFlight, Optional<String> providerReference, Money captured,
                      Money refunded, long version) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(inFlight, "inFlight");
        Objects.requireNonNull(providerReference, "providerReference");
        if (!amount.isPositive()) {
            throw new IllegalStateException("a payment amount is positive");
        }
        if (refunded.isNegative() || refunded.compareTo(captured) > 0 || captured.compareTo(amount) > 0
                || captured.isNegative()) {
            throw new IllegalStateException("payment money must satisfy 0 <= refunded <= captured <= amount");
        }
        if (status.inDoubt() != inFlight.isPresent()) {
            throw new IllegalStateException("a payment has an operation in flight exactly when PENDING or UNKNOWN");
        }
    }

    public Money refundable() {
        return captured.minus(refunded);
    }

    public boolean fullyRefunded() {
        return captured.isPositive() && refunded.equals(captured);
    }

    /** Checks the operation may start now; returns false when it already happened (nothing to do). */
    public boolean mayStart(PaymentOperation operation) {
        if (status == operation.approved()) {
            return false;
        }
        if (status.inDoubt()) {
            throw new RuleViolation("PAYMENT_IN_DOUBT", "payment " + id + " is " + status + " while a "
                    + inFlight.orElseThrow() + " is in flight: run 'bazaar payment resolve' first");
        }
        if (status != operation.from()) {
            throw new RuleViolation("PAYMENT_TRANSITION_INVALID", "payment " + id + " is " + status + " and cannot be "
                    + operation.name().toLowerCase() + (operation == PaymentOperation.VOID ? "ed" : "d"));
        }
        return true;
    }

    /**
     * Applies a provider's answer to the operation: the payment after it, and the event of the status it is in
     * ({@link PaymentEvent#of}: a declined capture or void leaves it AUTHORIZED and says so again).
     */
    public Transition<Payment, PaymentEvent> apply(PaymentOperation operation, ProviderResult result) {
        Payment after = answered(operation, result);
        return Transition.of(after, PaymentEvent.of(PaymentSnapshot.of(after)));
    }

    private Payment answered(PaymentOperation operation, ProviderResult result) {
        if (result instanceof ProviderResult.Approved approved) {
            return to(operation.approved(), Optional.empty(), Optional.of(approved.providerReference()),
                    operation == PaymentOperation.CAPTURE ? amount : captured);
        }
        if (result instanceof ProviderResult.Declined) {
            return operation == PaymentOperation.AUTHORIZE
                    ? to(PaymentStatus.FAILED, Optional.empty(), providerReference, captured)
                    : to(operation.from(), Optional.empty(), providerReference, captured);
        }
        if (result instanceof ProviderResult.Pending pending) {
            return to(PaymentStatus.PENDING, Optional.of(operation),
                    Optional.of(pending.providerReference()).or(() -> providerReference), captured);
        }
        return to(PaymentStatus.UNKNOWN, Optional.of(operation), providerReference, captured);
    }

    private Payment to(PaymentStatus next, Optional<PaymentOperation> flight, Optional<String> reference, Money cap) {
        if (next != status && !status.canMoveTo(next)) {
            throw new RuleViolation("PAYMENT_TRANSITION_INVALID", "payment " + id + " cannot go from " + status + " to "
                    + next);
        }
        return new Payment(id, order, amount, next, flight, reference, cap, refunded, version);
    }

    /** Sets aside {@code money} of the captured amount for a refund; refused beyond what is refundable. */
    public Payment reserveRefund(Money money) {
        if (status != PaymentStatus.CAPTURED) {
            throw new RuleViolation("PAYMENT_NOT_CAPTURED", "payment " + id + " is " + status + "; only captured "
                    + "payments can be refunded");
        }
        if (!money.isPositive()) {
            throw new com.bazaar.domain.shared.ValidationException("AMOUNT_INVALID", "amount",
                    "a refund amount must be positive (got " + money + ")");
        }
        if (money.compareTo(refundable()) > 0) {
            throw new RuleViolation("REFUND_EXCEEDS_CAPTURE", "refund of " + money + " exceeds what is left to refund on"
                    + " payment " + id + " (" + refundable() + " of " + captured + ")");
        }
        return new Payment(id, order, amount, status, inFlight, providerReference, captured, refunded.plus(money), version);
    }

    /** Gives back a refund's set-aside amount when the provider declined it. */
    public Payment releaseRefund(Money money) {
        return new Payment(id, order, amount, status, inFlight, providerReference, captured, refunded.minus(money), version);
    }

    /** The audit snapshot, the same JSON as the events' payment snapshot ({@link PaymentSnapshot}). */
    public Map<String, Object> snapshot() {
        return PaymentSnapshot.of(this).toMap();
    }
}
