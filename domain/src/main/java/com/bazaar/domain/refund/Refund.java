package com.bazaar.domain.refund;

import com.bazaar.domain.payment.PaymentId;
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
