package com.bazaar.domain.payment;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;

import java.util.Map;

/**
 * What happens to a refund (aggregate {@code payment}, id the refunded payment's id), each carrying the refund
 * snapshot; docs/events.md is the contract.
 */
public sealed interface RefundEvent extends Event {

    Refund refund();

    @Override
    default String aggregateType() {
        return "payment";
    }

    @Override
    default String aggregateId() {
        return refund().payment().toString();
    }

    @Override
    default Map<String, Object> payload() {
        return refund().snapshot();
    }

    /** Reads a stored payload of one of these events back. */
    static RefundEvent from(String type, String aggregateId, Map<String, Object> payload) {
        Payload p = Payload.of(payload);
        CurrencyCode currency = CurrencyCode.of(p.text("currency"));
        Refund refund = new Refund(p.number("refund"), new PaymentId(p.number("payment")),
                Money.parse(p.text("amount"), currency), Refund.Status.valueOf(p.text("status")), p.text("reason"));
        return switch (type) {
            case "RefundRequested" -> new RefundRequested(refund);
            case "RefundIssued" -> new RefundIssued(refund);
            case "RefundFailed" -> new RefundFailed(refund);
            case "RefundInDoubt" -> new RefundInDoubt(refund);
            default -> throw new IllegalArgumentException("not a refund event: " + type);
        };
    }

    /** Requested: its amount is set aside on the payment. */
    record RefundRequested(Refund refund) implements RefundEvent {
    }

    /** The provider paid it back. */
    record RefundIssued(Refund refund) implements RefundEvent {
    }

    /** The provider refused; the amount is given back to the payment. */
    record RefundFailed(Refund refund) implements RefundEvent {
    }

    /** The provider's answer was lost; the janitor asks again. */
    record RefundInDoubt(Refund refund) implements RefundEvent {
    }
}
