package com.bazaar.domain.pricing;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.seller.SellerCode;

import java.util.Map;

/** What happens to a seller's pricing (aggregate {@code seller}, id the seller code); docs/events.md is the contract. */
public sealed interface PricingEvent extends Event {

    SellerCode seller();

    @Override
    default String aggregateType() {
        return "seller";
    }

    @Override
    default String aggregateId() {
        return seller().value();
    }

    /** Reads a stored payload of one of these events back. */
    static PricingEvent from(String type, String aggregateId, Map<String, Object> payload) {
        if (!type.equals("DiscountCreated")) {
            throw new IllegalArgumentException("not a pricing event: " + type);
        }
        return new DiscountCreated(SellerCode.of(aggregateId), DiscountSnapshot.from(Payload.of(payload)));
    }

    record DiscountCreated(SellerCode seller, DiscountSnapshot discount) implements PricingEvent {
        @Override
        public Map<String, Object> payload() {
            return discount.toMap();
        }
    }
}
