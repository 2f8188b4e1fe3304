package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.support.Guard;

/**
 * The janitor of the payment module: payments and refunds whose provider answer was not final (PENDING, UNKNOWN)
 * are settled by asking the provider what became of the request - never by sending it again, so nothing is charged
 * or refunded twice. Run by {@code payment resolve} (payments, then refunds), {@code refund settle-pending} (refunds)
 * and on a schedule by {@code serve}.
 */
public final class SettleInDoubtPayments {

    /** How many payments and refunds were settled; those the provider still has not decided stay in doubt. */
    public record Settled(int payments, int refunds) {
    }

    private final Guard guard;
    private final PaymentOperations operations;
    private final RefundSettlement refunds;

    public SettleInDoubtPayments(PaymentPorts ports) {
        this.guard = ports.guard();
        this.operations = new PaymentOperations(ports);
        this.refunds = new RefundSettlement(ports);
    }

    /**
     * Payments first, then refunds; each needs its own permission ({@code payment.settle-in-doubt},
     * {@code refund.settle-pending}). Asking the provider never charges or refunds again, so an SRE may run it.
     */
    public Settled settle(Actor actor) {
        guard.require(actor, Action.PAYMENT_SETTLE_IN_DOUBT, "payments");
        int payments = operations.settleInDoubt(actor);
        return new Settled(payments, settleRefunds(actor));
    }

    /** Refunds only. */
    public int settleRefunds(Actor actor) {
        guard.require(actor, Action.REFUND_SETTLE_PENDING, "refunds");
        return refunds.settleInDoubt(actor);
    }
}
