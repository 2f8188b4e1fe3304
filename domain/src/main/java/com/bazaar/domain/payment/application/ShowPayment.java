package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentId;

/** One payment; another seller's payment looks exactly like a missing one to a seller user. */
public final class ShowPayment {

    private final PaymentAccess access;

    public ShowPayment(PaymentPorts ports) {
        this.access = new PaymentAccess(ports);
    }

    public Payment show(Actor actor, PaymentId id) {
        return access.authorise(actor, Action.ORDER_VIEW, id).payment();
    }
}
