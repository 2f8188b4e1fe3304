package com.bazaar.domain.support;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Transactions;

import java.util.Optional;

/**
 * Resolves a payment and its order's seller for a payment or refund use case, and checks the actor may act on it
 * before the use case opens its transaction. Another seller's payment looks exactly like a missing one to a seller
 * user ({@link Guard#visible}).
 */
public final class PaymentAccess {

    /** The payment, its order's seller, authorised for the action (a seller user: only its own orders). */
    public record Resolved(Payment payment, Seller seller) {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Payments payments;
    private final Orders orders;
    private final Sellers sellers;

    public PaymentAccess(Transactions transactions, Guard guard, Payments payments, Orders orders, Sellers sellers) {
        this.transactions = transactions;
        this.guard = guard;
        this.payments = payments;
        this.orders = orders;
        this.sellers = sellers;
    }

    public Resolved authorise(Actor actor, Action action, PaymentId id) {
        String target = "payment:" + id;
        guard.requireSome(actor, action, target);
        var found = transactions.inTransaction(() -> payments.byId(id).map(p -> new Resolved(p, sellerOf(p))));
        return guard.visible(actor, action, target, found, r -> Optional.of(r.seller().id()),
                () -> new NotFound("PAYMENT_NOT_FOUND", "payment " + id + " does not exist"));
    }

    /** Requires the action on every seller's payments (jobs and janitors that are not about one payment). */
    public void requireAll(Actor actor, Action action, String target) {
        guard.require(actor, action, target);
    }

    /** The seller whose order the payment pays. In a transaction. */
    public Seller sellerOf(Payment payment) {
        return sellers.byId(orders.byId(payment.order()).orElseThrow().seller()).orElseThrow();
    }
}
