package com.bazaar.domain.seller;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Text;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A merchant on the marketplace. Immutable: state changes return a new {@code Seller}; the database row
 * carries a version so a concurrent change is detected.
 */
public record Seller(SellerId id, SellerCode code, String name, CurrencyCode currency, SellerStatus status,
                     Optional<String> suspensionReason, Instant createdAt, long version) {

    public static final int MAX_NAME = 200;
    public static final int MAX_REASON = 500;

    public Seller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        name = Text.required(name, "name", "SELLER_NAME_INVALID", MAX_NAME);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(suspensionReason, "suspensionReason");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((status == SellerStatus.SUSPENDED) != suspensionReason.isPresent()) {
            throw new IllegalStateException("a seller has a suspension reason exactly when suspended");
        }
    }

    /** What a new seller is made of, validated before it is stored. */
    public record Draft(SellerCode code, String name, CurrencyCode currency) {
        public Draft {
            Objects.requireNonNull(code, "code");
            name = Text.required(name, "name", "SELLER_NAME_INVALID", MAX_NAME);
            Objects.requireNonNull(currency, "currency");
        }

        public Map<String, Object> snapshot() {
            Map<String, Object> json = Json.object();
            json.put("code", code.value());
            json.put("name", name);
            json.put("currency", currency.value());
            json.put("status", SellerStatus.ACTIVE.name());
            return json;
        }
    }

    public boolean isActive() {
        return status == SellerStatus.ACTIVE;
    }

    public Seller suspend(String reason) {
        String why = Text.required(reason, "reason", "REASON_REQUIRED", MAX_REASON);
        requireTransition(SellerStatus.SUSPENDED);
        return new Seller(id, code, name, currency, SellerStatus.SUSPENDED, Optional.of(why), createdAt, version);
    }

    public Seller reinstate() {
        requireTransition(SellerStatus.ACTIVE);
        return new Seller(id, code, name, currency, SellerStatus.ACTIVE, Optional.empty(), createdAt, version);
    }

    private void requireTransition(SellerStatus target) {
        if (!status.canMoveTo(target)) {
            throw new RuleViolation("SELLER_TRANSITION_INVALID",
                    "seller " + code + " is " + status + " and cannot become " + target);
        }
    }

    /** The state recorded in the audit trail as before/after. */
    public Map<String, Object> snapshot() {
        Map<String, Object> json = Json.object();
        json.put("code", code.value());
        json.put("name", name);
        json.put("currency", currency.value());
        json.put("status", status.name());
        suspensionReason.ifPresent(r -> json.put("suspensionReason", r));
        return json;
    }
}
