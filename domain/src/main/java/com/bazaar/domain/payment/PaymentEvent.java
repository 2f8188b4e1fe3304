package com.bazaar.domain.payment;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;

import java.util.Map;

/**
 * What happens to a payment (aggregate {@code payment}, id the payment id): one event per status a provider's answer
 * leads to, each carrying the payment snapshot; docs/events.md is the contract.
 */
public sealed interface PaymentEvent extends Event {

    PaymentSnapshot state();

    @Override
    default String aggregateType() {
        return "payment";
    }

    @Override
    default String aggregateId() {
        return state().payment().toString();
    }

    @Override
    default Map<String, Object> payload() {
        return state().toMap();
    }

    /** The event of a payment that reached its status by a provider's answer. */
    static PaymentEvent of(PaymentSnapshot state) {
        return switch (state.status()) {
            case AUTHORIZED -> new PaymentAuthorized(state);
            case CAPTURED -> new PaymentCaptured(state);
            case VOIDED -> new PaymentVoided(state);
            case FAILED -> new PaymentFailed(state);
            case PENDING -> new PaymentPending(state);
            case UNKNOWN -> new PaymentUnknown(state);
            case REQUIRES_AUTHORIZATION -> throw new IllegalStateException("no provider answer leads back to "
                    + state.status());
        };
    }

    /** Reads a stored payload of one of these events back. */
    static PaymentEvent from(String type, String aggregateId, Map<String, Object> payload) {
        PaymentEvent event = of(PaymentSnapshot.from(Payload.of(payload)));
        if (!event.type().equals(type)) {
            throw new IllegalArgumentException("a " + type + " payload says the payment is " + event.state().status());
        }
        return event;
    }

    /** Authorized; also recorded again when a capture or void was declined (the payment stays authorized). */
    record PaymentAuthorized(PaymentSnapshot state) implements PaymentEvent {
    }

    record PaymentCaptured(PaymentSnapshot state) implements PaymentEvent {
    }

    record PaymentVoided(PaymentSnapshot state) implements PaymentEvent {
    }

    /** The provider declined the authorization. */
    record PaymentFailed(PaymentSnapshot state) implements PaymentEvent {
    }

    /** The provider has not decided yet; the operation is in flight. */
    record PaymentPending(PaymentSnapshot state) implements PaymentEvent {
    }

    /** The provider's answer was lost; the operation is in flight until the janitor asks. */
    record PaymentUnknown(PaymentSnapshot state) implements PaymentEvent {
    }
}
