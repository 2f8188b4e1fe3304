package com.bazaar.domain.pricing;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.shared.Json;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A discount as its audit records and events show it (docs/events.md, "discount snapshot"). The fixed amount is
 * decimal text in the seller's currency (the seller is the event's aggregate).
 */
public record DiscountSnapshot(long discount, DiscountRule.Scope scope, Optional<Sku> sku, Optional<String> category,
                               Optional<Integer> percentBasisPoints, Optional<String> amountPerUnit, Instant validFrom,
                               Optional<Instant> validUntil) {

    public static DiscountSnapshot of(DiscountRule rule) {
        return new DiscountSnapshot(rule.id(), rule.scope(), rule.sku(), rule.category(), rule.percentBasisPoints(),
                rule.amountPerUnit().map(a -> a.decimal()), rule.validFrom(), rule.validUntil());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> json = Json.object();
        json.put("discount", discount);
        json.put("scope", scope.name());
        sku.ifPresent(s -> json.put("sku", s.value()));
        category.ifPresent(c -> json.put("category", c));
        percentBasisPoints.ifPresent(bp -> json.put("percentBasisPoints", bp));
        amountPerUnit.ifPresent(a -> json.put("amountPerUnit", a));
        json.put("validFrom", validFrom.toString());
        validUntil.ifPresent(u -> json.put("validUntil", u.toString()));
        return json;
    }

    public static DiscountSnapshot from(Payload p) {
        return new DiscountSnapshot(p.number("discount"), DiscountRule.Scope.valueOf(p.text("scope")),
                p.optionalText("sku").map(Sku::new), p.optionalText("category"),
                p.optionalNumber("percentBasisPoints").map(Math::toIntExact), p.optionalText("amountPerUnit"),
                Instant.parse(p.text("validFrom")), p.optionalText("validUntil").map(Instant::parse));
    }
}
