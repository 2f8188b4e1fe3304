package com.bazaar.domain.payment;

import com.bazaar.domain.event.Payload;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;

import java.util.Map;
import java.util.Optional;

/**
 * A payment as its audit records and events show it (docs/events.md, "payment snapshot"): its money, its status and
 * the operation in flight while the provider's answer is not final.
 */
public record PaymentSnapshot(PaymentId payment, OrderId order, PaymentStatus status,
                              Optional<PaymentOperation> inFlight, Money amount, Money captured, Money refunded) {

    public static PaymentSnapshot of(Payment p) {
        return new PaymentSnapshot(p.id(), p.order(), p.status(), p.inFlight(), p.amount(), p.captured(), p.refunded());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> json = Json.object();
        json.put("payment", payment.value());
        json.put("order", order.value());
        json.put("status", status.name());
        inFlight.ifPresent(op -> json.put("inFlight", op.name()));
        json.put("amount", amount.decimal());
        json.put("captured", captured.decimal());
        json.put("refunded", refunded.decimal());
        json.put("currency", amount.currency().value());
        return json;
    }

    public static PaymentSnapshot from(Payload p) {
        CurrencyCode currency = CurrencyCode.of(p.text("currency"));
        return new PaymentSnapshot(new PaymentId(p.number("payment")), new OrderId(p.number("order")),
                PaymentStatus.valueOf(p.text("status")), p.optionalText("inFlight").map(PaymentOperation::valueOf),
                Money.parse(p.text("amount"), currency), Money.parse(p.text("captured"), currency),
                Money.parse(p.text("refunded"), currency));
    }
}
