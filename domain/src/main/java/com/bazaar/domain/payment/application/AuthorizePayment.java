package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentOperation;

/**
 * Authorizes an order's payment with the provider (the amount is held on the buyer's card). Idempotent: a payment already past the operation is returned unchanged.
 */
public final class AuthorizePayment {

    private final PaymentOperations operations;

    public AuthorizePayment(PaymentPorts ports) {
        this.operations = new PaymentOperations(ports);
    }

    public PaymentOutcome authorize(Actor actor, PaymentId id) {
        return operations.run(actor, id, PaymentOperation.AUTHORIZE);
    }
}
