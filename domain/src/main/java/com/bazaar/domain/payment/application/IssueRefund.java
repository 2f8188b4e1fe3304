package com.bazaar.domain.payment.application;

import com.bazaar.domain.payment.RefundEvent;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.ProviderResult;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;
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
    private final PaymentProvider provider;
    private final Recorder recorder;
    private final RefundSettlement settlement;
    private final Idempotency idempotency;
    private final Clock clock;

    public IssueRefund(PaymentPorts ports) {
        this.transactions = ports.transactions();
        this.access = new PaymentAccess(ports);
        this.payments = ports.payments();
        this.refunds = ports.refunds();
        this.provider = ports.provider();
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.settlement = new RefundSettlement(ports);
        this.idempotency = ports.idempotency();
        this.clock = ports.clock();
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
                            after.snapshot(), new RefundEvent.RefundRequested(refund));
                    return new Issued(refund, after, false);
                },
                issued -> Long.toString(issued.refund().id()),
                id -> new Issued(refunds.byId(Long.parseLong(id)).orElseThrow(),
                        payments.byId(command.payment()).orElseThrow(), true)));
        Refund refund = requested.refund();
        if (refund.status() != Refund.Status.PENDING && refund.status() != Refund.Status.UNKNOWN) {
            return requested;
        }
        ProviderResult answer = provider.refund(RefundSettlement.key(refund.id()), requested.payment().providerReference().orElse(""),
                refund.amount());
        Refund settled = transactions.inTransaction(() -> settlement.settle(actor, resolved.seller(), refund.id(), answer));
        return new Issued(settled, payments.byId(command.payment()).orElseThrow(), requested.replayed());
    }
}
