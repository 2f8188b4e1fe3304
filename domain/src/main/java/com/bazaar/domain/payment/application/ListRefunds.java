package com.bazaar.domain.payment.application;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.shared.Transactions;

import java.util.List;
import java.util.Optional;

/** The refunds of one payment, or every refund (staff only), newest first. */
public final class ListRefunds {

    private final Transactions transactions;
    private final PaymentAccess access;
    private final Refunds refunds;

    public ListRefunds(PaymentPorts ports) {
        this.transactions = ports.transactions();
        this.access = new PaymentAccess(ports);
        this.refunds = ports.refunds();
    }

    /** A page of the refunds, newest first: of one payment (its seller's users may), or all (finance). */
    public Page<Refund> list(Actor actor, Optional<PaymentId> payment, PageRequest page) {
        if (payment.isPresent()) {
            access.authorise(actor, Action.ORDER_VIEW, payment.get());
        } else {
            access.requireAll(actor, Action.REFUND_ISSUE, "refunds");
        }
        return transactions.readOnly(() -> refunds.page(payment, page));
    }
}
