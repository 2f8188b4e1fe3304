package com.bazaar.domain.payment;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;

import java.util.Map;
import java.util.Objects;

/** A partial or full refund of a captured payment. Its amount is set aside on the payment while it is not FAILED. */
public record Refund(long id, PaymentId payment, Money amount, Status status, String reason) {

    public enum Status { PENDING, UNKNOWN, SUCCEEDED, FAILED }

    public Refund {
        Objects.requireNonNull(payment, "payment");
        if (!amount.isPositive()) {
            throw new IllegalStateException("a refund amount is positive");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Applies the provider's final or lost answer to a refund waiting for one: approved is SUCCEEDED
     * ({@code RefundIssued}), declined is FAILED ({@code RefundFailed}), anything else UNKNOWN ({@code RefundInDoubt}).
     */
    public Transition<Refund, RefundEvent> settle(ProviderResult answer) {
        if (status == Status.SUCCEEDED || status == Status.FAILED) {
            throw new IllegalStateException("refund " + id + " is already " + status);
        }
        if (answer instanceof ProviderResult.Approved) {
            Refund after = with(Status.SUCCEEDED);
            return Transition.of(after, new RefundEvent.RefundIssued(after));
        }
        if (answer instanceof ProviderResult.Declined) {
            Refund after = with(Status.FAILED);
            return Transition.of(after, new RefundEvent.RefundFailed(after));
        }
        Refund after = with(Status.UNKNOWN);
        return Transition.of(after, new RefundEvent.RefundInDoubt(after));
    }

    private Refund with(Status next) {
        return new Refund(id, payment, amount, next, reason);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> json = Json.object();
        json.put("refund", id);
        json.put("payment", payment.value());
        json.put("amount", amount.decimal());
        json.put("currency", amount.currency().value());
        json.put("status", status.name());
        json.put("reason", reason);
        return json;
    }
}
