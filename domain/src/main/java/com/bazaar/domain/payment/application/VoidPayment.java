package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentOperation;

/**
 * Voids an authorized payment: the hold on the buyer's card is released. Idempotent: a payment already past the operation is returned unchanged.
 */
public final class VoidPayment {

    private final PaymentOperations operations;

    public VoidPayment(PaymentPorts ports) {
        this.operations = new PaymentOperations(ports);
    }

    public PaymentOutcome voidPayment(Actor actor, PaymentId id) {
        return operations.run(actor, id, PaymentOperation.VOID);
    }
}
