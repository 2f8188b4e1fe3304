package com.bazaar.domain.order.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;

/**
 * Cancels an order, releasing the stock it holds (and restocking a paid one). Refused while its payment is
 * authorized or in doubt: void it first. Locks: the order row first, then stock rows in product-id order.
 */
public final class CancelOrder {

    private final Transactions transactions;
    private final OrderAccess access;
    private final Orders orders;
    private final Payments payments;
    private final HeldStock held;
    private final Recorder recorder;
    private final Clock clock;

    public CancelOrder(OrderPorts ports) {
        this.transactions = ports.transactions();
        this.access = new OrderAccess(ports.transactions(), ports.guard(), ports.orders(), ports.sellers());
        this.orders = ports.orders();
        this.payments = ports.payments();
        this.held = new HeldStock(ports);
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.clock = ports.clock();
    }

    public OrderChange cancel(Actor actor, OrderId id, String reason) {
        String why = Text.required(reason, "reason", "REASON_REQUIRED", 500);
        var resolved = access.authorise(actor, Action.ORDER_CANCEL, id);
        return transactions.inTransaction(() -> {
            Order before = orders.byIdForUpdate(id).orElseThrow();
            if (before.status() == OrderStatus.CANCELLED) {
                return new OrderChange(new OrderView(resolved.seller().code(), before), false);
            }
            var payment = payments.ofOrder(id);
            if (before.status() == OrderStatus.PLACED && payment.isPresent()
                    && (payment.get().status() == PaymentStatus.AUTHORIZED || payment.get().status().inDoubt())) {
                throw new RuleViolation("PAYMENT_AUTHORIZED", "order " + id + " has an "
                        + payment.get().status() + " payment " + payment.get().id() + ": void it first");
            }
            boolean refunded = payment.map(Payment::fullyRefunded).orElse(false);
            var cancelled = before.cancel(refunded);
            Order after = cancelled.aggregate();
            orders.update(after);
            held.release(id, Reservations.State.RELEASED);
            if (before.status() == OrderStatus.PAID) {
                held.restock(id);
            }
            var now = clock.instant();
            Actor withReason = actor.withReason(why);
            recorder.record(now, withReason, "order.cancel", "order:" + id, before.snapshot(), after.snapshot(),
                    cancelled.events());
            return new OrderChange(new OrderView(resolved.seller().code(), after), true);
        });
    }
}
