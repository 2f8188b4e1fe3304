package com.bazaar.domain.refund.application;

import com.bazaar.domain.support.PaymentAccess;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.payment.LedgerTransaction;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.ProviderResult;
import com.bazaar.domain.refund.Refund;
import com.bazaar.domain.refund.Refunds;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Refunds part or all of a captured payment, exactly once per idempotency key. The amount is set aside on the
 * payment (row locked; refunded <= captured in the domain and as a CHECK) in the same transaction that records the
 * refund, so concurrent refunds can never exceed the capture; then the provider is asked (outside any transaction);
 * then the answer is applied: SUCCEEDED posts to the ledger, FAILED gives the amount back, an unknown answer waits
 * for {@link #resolve}.
 */
public final class IssueRefund {

    public record Command(Actor actor, IdempotencyKey idempotencyKey, PaymentId payment, String amount, String reason) {
        public Command {
            reason = Text.required(reason, "reason", "REASON_REQUIRED", 500);
        }
    }

    public record Issued(Refund refund, Payment payment, boolean replayed) {
    }

    private final Transactions transactions;
    private final PaymentAccess access;
    private final Payments payments;
    private final Refunds refunds;
    private final Ledger ledger;
    private final PaymentProvider provider;
    private final Recorder recorder;
    private final Idempotency idempotency;
    private final Clock clock;

    public IssueRefund(Transactions transactions, PaymentAccess access, Payments payments, Refunds refunds,
                       Ledger ledger, PaymentProvider provider, AuditTrail audit, Outbox outbox,
                       Idempotency idempotency, Clock clock) {
        this.transactions = transactions;
        this.access = access;
        this.payments = payments;
        this.refunds = refunds;
        this.ledger = ledger;
        this.provider = provider;
        this.recorder = new Recorder(audit, outbox);
        this.idempotency = idempotency;
        this.clock = clock;
    }

    static String key(long refundId) {
        return "refund-" + refundId;
    }

    /**
     * Checks a refund would be accepted now - permission, amount, what is left to refund, the key not used for
     * something else - without changing anything (the plan of a refunds file). Throws the refusal it would get.
     */
    public void check(Command command) {
        var resolved = access.authorise(command.actor(), Action.REFUND_ISSUE, command.payment());
        Money amount = Money.parse(command.amount(), resolved.payment().amount().currency());
        transactions.inTransaction(() -> payments.byId(command.payment()).orElseThrow().reserveRefund(amount));
    }

    /** Refuses a refund stated in another currency than the payment's. */
    public void requireCurrency(PaymentId payment, com.bazaar.domain.shared.CurrencyCode currency) {
        var actual = transactions.inTransaction(() -> payments.byId(payment)).map(p -> p.amount().currency());
        if (actual.isPresent() && !actual.get().equals(currency)) {
            throw new com.bazaar.domain.shared.ValidationException("CURRENCY_MISMATCH", "currency", "payment " + payment
                    + " is in " + actual.get() + ", not " + currency);
        }
    }

    public Issued issue(Command command) {
        var resolved = access.authorise(command.actor(), Action.REFUND_ISSUE, command.payment());
        Money amount = Money.parse(command.amount(), resolved.payment().amount().currency());
        Actor actor = command.actor().withReason(command.reason());
        String fingerprint = actor.name() + "|" + command.payment() + "|" + amount;
        Issued requested = transactions.inTransaction(() -> idempotency.once(Optional.of(command.idempotencyKey()),
                "refund.create", fingerprint,
                () -> {
                    Payment before = payments.byIdForUpdate(command.payment()).orElseThrow();
                    Payment after = before.reserveRefund(amount);
                    payments.update(after);
                    Refund refund = refunds.add(command.payment(), amount, command.reason(), command.idempotencyKey());
                    var now = clock.instant();
                    recorder.record(now, actor, "refund.create", "payment:" + command.payment(), before.snapshot(),
                            after.snapshot(), Recorder.event("RefundRequested", "payment", command.payment(),
                                    refund.snapshot(), now, actor));
                    return new Issued(refund, after, false);
                },
                issued -> Long.toString(issued.refund().id()),
                id -> new Issued(refunds.byId(Long.parseLong(id)).orElseThrow(),
                        payments.byId(command.payment()).orElseThrow(), true)));
        Refund refund = requested.refund();
        if (refund.status() != Refund.Status.PENDING && refund.status() != Refund.Status.UNKNOWN) {
            return requested;
        }
        ProviderResult answer = provider.refund(key(refund.id()), requested.payment().providerReference().orElse(""),
                refund.amount());
        Refund settled = transactions.inTransaction(() -> settle(actor, resolved.seller(), refund.id(), answer));
        return new Issued(settled, payments.byId(command.payment()).orElseThrow(), requested.replayed());
    }

    /** Applies the provider's answer to a refund still waiting for one. In a transaction. */
    private Refund settle(Actor actor, Seller seller, long refundId, ProviderResult answer) {
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
        Refund.Status status;
        Payment after = before;
        var now = clock.instant();
        String event;
        if (answer instanceof ProviderResult.Approved) {
            status = Refund.Status.SUCCEEDED;
            ledger.post(LedgerTransaction.refund("refund:" + refundId, seller.code().value(), refund.amount()));
            event = "RefundIssued";
        } else if (answer instanceof ProviderResult.Declined) {
            status = Refund.Status.FAILED;
            after = before.releaseRefund(refund.amount());
            payments.update(after);
            event = "RefundFailed";
        } else {
            status = Refund.Status.UNKNOWN;
            event = "RefundInDoubt";
        }
        refunds.settle(refundId, status);
        Refund result = new Refund(refund.id(), refund.payment(), refund.amount(), status, refund.reason());
        recorder.record(now, actor, "refund.settle", "refund:" + refundId, refund.snapshot(), result.snapshot(),
                Recorder.event(event, "payment", refund.payment(), result.snapshot(), now, actor));
        return result;
    }

    public List<Refund> list(Actor actor, Optional<PaymentId> payment) {
        if (payment.isPresent()) {
            access.authorise(actor, Action.ORDER_VIEW, payment.get());
            return transactions.inTransaction(() -> refunds.ofPayment(payment.get()));
        }
        access.requireAll(actor, Action.REFUND_ISSUE, "refunds");
        return transactions.inTransaction(() -> refunds.all(1000));
    }

    /** The janitor for refunds whose answer was not final: asks the provider, applies the answer. */
    public int resolve(Actor actor) {
        access.requireAll(actor, Action.REFUND_SETTLE_PENDING, "refunds");
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
