package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.payment.LedgerTransaction;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.ProviderResult;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;

/**
 * Applies a provider's answer to a refund still waiting for one: SUCCEEDED posts the ledger, FAILED gives the amount
 * back to the payment, anything else leaves it in doubt for the janitor. The provider's idempotency key is per
 * refund, so asking again never refunds twice.
 */
final class RefundSettlement {

    private final Transactions transactions;
    private final PaymentAccess access;
    private final Payments payments;
    private final Refunds refunds;
    private final Ledger ledger;
    private final PaymentProvider provider;
    private final Recorder recorder;
    private final Clock clock;

    RefundSettlement(PaymentPorts ports) {
        this.transactions = ports.transactions();
        this.access = new PaymentAccess(ports);
        this.payments = ports.payments();
        this.refunds = ports.refunds();
        this.ledger = ports.ledger();
        this.provider = ports.provider();
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.clock = ports.clock();
    }

    static String key(long refundId) {
        return "refund-" + refundId;
    }

    /** Applies the provider's answer to a refund still waiting for one. In a transaction. */
    Refund settle(Actor actor, Seller seller, long refundId, ProviderResult answer) {
        Refund refund = refunds.byId(refundId).orElseThrow();
        if (refund.status() == Refund.Status.SUCCEEDED || refund.status() == Refund.Status.FAILED) {
            return refund;
        }
        if (answer instanceof ProviderResult.Pending && refund.status() == Refund.Status.PENDING) {
            // the provider has the request and will decide later: the refund stays PENDING (not UNKNOWN - nothing
            // was lost), nothing changed, nothing to record; the janitor asks again
            return refund;
        }
        Payment before = payments.byIdForUpdate(refund.payment()).orElseThrow();
        var settled = refund.settle(answer);
        Refund result = settled.aggregate();
        Payment after = before;
        var now = clock.instant();
        if (result.status() == Refund.Status.SUCCEEDED) {
            ledger.post(LedgerTransaction.refund("refund:" + refundId, seller.code().value(), refund.amount()));
        } else if (result.status() == Refund.Status.FAILED) {
            after = before.releaseRefund(refund.amount());
            payments.update(after);
        }
        refunds.settle(refundId, result.status());
        recorder.record(now, actor, "refund.settle", "refund:" + refundId, refund.snapshot(), result.snapshot(),
                settled.events());
        return result;
    }

    /**
     * For every refund whose answer was not final, asks the provider and applies the answer. Returns how many were
     * settled. The caller checked the actor's access to settle refunds at all; each refund's seller is checked here.
     */
    int settleInDoubt(Actor actor) {
        int settled = 0;
        for (long id : transactions.inTransaction(() -> refunds.inDoubt(1000))) {
            ProviderResult answer = provider.lookup(key(id));
            if (answer instanceof ProviderResult.Pending || answer instanceof ProviderResult.Unknown) {
                continue;
            }
            Refund refund = refunds.byId(id).orElseThrow();
            var seller = access.authorise(actor, Action.REFUND_SETTLE_PENDING, refund.payment()).seller();
            Refund result = transactions.inTransaction(() -> settle(actor, seller, id, answer));
            if (result.status() != Refund.Status.UNKNOWN && result.status() != Refund.Status.PENDING) {
                settled++;
            }
        }
        return settled;
    }
}
