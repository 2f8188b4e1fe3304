package com.bazaar.domain.payment;

/** What Bazaar asks a provider to do with a payment; each has the status it leads to when approved. */
public enum PaymentOperation {
    AUTHORIZE(PaymentStatus.AUTHORIZED), CAPTURE(PaymentStatus.CAPTURED), VOID(PaymentStatus.VOIDED);

    private final PaymentStatus approved;

    PaymentOperation(PaymentStatus approved) {
        this.approved = approved;
    }

    public PaymentStatus approved() {
        return approved;
    }

    /** The status a payment must be in (besides in doubt about this very operation) before the operation. */
    public PaymentStatus from() {
        return this == AUTHORIZE ? PaymentStatus.REQUIRES_AUTHORIZATION : PaymentStatus.AUTHORIZED;
    }
}
