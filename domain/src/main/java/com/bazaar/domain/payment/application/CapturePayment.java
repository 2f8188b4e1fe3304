package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentOperation;

/**
 * Captures an authorized payment: the order is paid, its reservations become sales, the ledger posts the
 * seller's share and the commission. Idempotent: a payment already past the operation is returned unchanged.
 */
public final class CapturePayment {

    private final PaymentOperations operations;

    public CapturePayment(PaymentPorts ports) {
        this.operations = new PaymentOperations(ports);
    }

    public PaymentOutcome capture(Actor actor, PaymentId id) {
        return operations.run(actor, id, PaymentOperation.CAPTURE);
    }
}
