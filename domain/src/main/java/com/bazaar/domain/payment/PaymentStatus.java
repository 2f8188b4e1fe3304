package com.bazaar.domain.payment;

import java.util.EnumSet;
import java.util.Set;

/**
 * A payment's lifecycle (docs/workflow.md). PENDING and UNKNOWN are provider answers that are not final: the
 * operation in flight is remembered, and the janitor ({@code bazaar payment resolve}) asks the provider before
 * anything is retried.
 */
public enum PaymentStatus {
    REQUIRES_AUTHORIZATION, PENDING, UNKNOWN, AUTHORIZED, CAPTURED, FAILED, VOIDED;

    public Set<PaymentStatus> next() {
        return switch (this) {
            case REQUIRES_AUTHORIZATION -> EnumSet.of(AUTHORIZED, FAILED, PENDING, UNKNOWN);
            case PENDING, UNKNOWN -> EnumSet.of(AUTHORIZED, CAPTURED, VOIDED, FAILED);
            case AUTHORIZED -> EnumSet.of(CAPTURED, VOIDED, PENDING, UNKNOWN);
            case CAPTURED, FAILED, VOIDED -> EnumSet.noneOf(PaymentStatus.class);
        };
    }

    public boolean canMoveTo(PaymentStatus target) {
        return next().contains(target);
    }

    public boolean inDoubt() {
        return this == PENDING || this == UNKNOWN;
    }
}
