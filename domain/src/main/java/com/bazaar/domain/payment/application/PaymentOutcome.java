package com.bazaar.domain.payment.application;

import com.bazaar.domain.payment.Payment;

import java.util.Optional;

/**
 * The payment after a command; {@code changed} is false when it already was as asked (or the provider declined);
 * {@code note} says what the provider answered when it was not a plain approval.
 */
public record PaymentOutcome(Payment payment, boolean changed, Optional<String> note) {
    PaymentOutcome(Payment payment, boolean changed) {
        this(payment, changed, Optional.empty());
    }
}
