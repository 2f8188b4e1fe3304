package com.bazaar.domain.order.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;
import com.bazaar.domain.support.SellerLookup;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Moves an order along its lifecycle: cancel (releasing the stock it holds), ship, deliver. Locks: the order row
 * first, then stock rows in product-id order - the same order every use case takes them in.
 */
public final class ChangeOrder {

    private final Transactions transactions;
    private final OrderAccess access;
    private final SellerLookup sellerLookup;
    private final Orders orders;
    private final Reservations reservations;
    private final StockLevels stock;
    private final Recorder recorder;
    private final Clock clock;
    private final com.bazaar.domain.payment.Payments payments;

    public ChangeOrder(Transactions transactions, Guard guard, Sellers sellers, Orders orders,
                       Reservations reservations, StockLevels stock, AuditTrail audit, Outbox outbox, Clock clock,
                       com.bazaar.domain.payment.Payments payments) {
        this.transactions = transactions;
        this.access = new OrderAccess(transactions, guard, orders, sellers);
        this.sellerLookup = new SellerLookup(guard, transactions, sellers);
        this.orders = orders;
        this.reservations = reservations;
        this.stock = stock;
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
        this.payments = payments;
    }

    /** The order after the command; {@code changed} is false when it already was in the asked state. */
    public record Outcome(OrderView order, boolean changed) {
    }

    public Outcome cancel(Actor actor, OrderId id, String reason) {
        String why = Text.required(reason, "reason", "REASON_REQUIRED", 500);
        var resolved = access.authorise(actor, Action.ORDER_CANCEL, id);
        return transactions.inTransaction(() -> {
            Order before = orders.byIdForUpdate(id).orElseThrow();
            if (before.status() == OrderStatus.CANCELLED) {
                return new Outcome(new OrderView(resolved.seller().code(), before), false);
            }
            var payment = payments.ofOrder(id);
            if (before.status() == OrderStatus.PLACED && payment.isPresent()
                    && (payment.get().status() == com.bazaar.domain.payment.PaymentStatus.AUTHORIZED
                    || payment.get().status().inDoubt())) {
                throw new com.bazaar.domain.shared.RuleViolation("PAYMENT_AUTHORIZED", "order " + id + " has an "
                        + payment.get().status() + " payment " + payment.get().id() + ": void it first");
            }
            boolean refunded = payment.map(com.bazaar.domain.payment.Payment::fullyRefunded).orElse(false);
            Order after = before.cancel(refunded);
            orders.update(after);
            releaseHeld(id, Reservations.State.RELEASED);
            if (before.status() == OrderStatus.PAID) {
                restock(id);
            }
            var now = clock.instant();
            Actor withReason = actor.withReason(why);
            recorder.record(now, withReason, "order.cancel", "order:" + id, before.snapshot(), after.snapshot(),
                    Recorder.event("OrderCancelled", "order", id, after.snapshot(), now, withReason));
            return new Outcome(new OrderView(resolved.seller().code(), after), true);
        });
    }

    public Outcome ship(Actor actor, OrderId id) {
        return fulfil(actor, id, OrderStatus.SHIPPED, Order::ship, "order.ship", "OrderShipped");
    }

    public Outcome deliver(Actor actor, OrderId id) {
        return fulfil(actor, id, OrderStatus.DELIVERED, Order::deliver, "order.deliver", "OrderDelivered");
    }

    private Outcome fulfil(Actor actor, OrderId id, OrderStatus wanted, UnaryOperator<Order> how, String action,
                           String event) {
        var resolved = access.authorise(actor, Action.ORDER_FULFIL, id);
        return transactions.inTransaction(() -> {
            Order before = orders.byIdForUpdate(id).orElseThrow();
            if (before.status() == wanted) {
                return new Outcome(new OrderView(resolved.seller().code(), before), false);
            }
            Order after = how.apply(before);
            orders.update(after);
            var now = clock.instant();
            recorder.record(now, actor, action, "order:" + id, before.snapshot(), after.snapshot(),
                    Recorder.event(event, "order", id, after.snapshot(), now, actor));
            return new Outcome(new OrderView(resolved.seller().code(), after), true);
        });
    }

    /** Releases (or expires) every reservation the order still holds, giving the stock back. In a transaction. */
    void releaseHeld(OrderId id, Reservations.State how) {
        var held = reservations.heldBy(id);
        if (held.isEmpty()) {
            return;
        }
        Map<ProductId, Long> quantities = new HashMap<>();
        held.forEach(r -> quantities.merge(r.product(), r.quantity(), Long::sum));
        for (Stock s : stock.lockInOrder(quantities.keySet())) {
            stock.save(s.release(quantities.get(s.product())));
        }
        var now = clock.instant();
        held.forEach(r -> reservations.settle(r.id(), how, now));
    }

    /** A paid order cancelled before shipping: the goods it took out of stock at capture go back on hand. */
    private void restock(OrderId id) {
        Order order = orders.byId(id).orElseThrow();
        Map<ProductId, Long> quantities = new HashMap<>();
        order.lines().forEach(l -> quantities.merge(l.product(), l.quantity(), Long::sum));
        for (Stock s : stock.lockInOrder(quantities.keySet())) {
            stock.save(s.adjust(quantities.get(s.product())));
        }
    }

    /** A seller's orders, newest first (a seller user: only its own). */
    public List<OrderView> list(Actor actor, com.bazaar.domain.seller.SellerCode sellerCode,
                                java.util.Optional<OrderStatus> status, int limit) {
        var seller = sellerLookup.authorise(actor, Action.ORDER_VIEW, sellerCode);
        return transactions.inTransaction(() -> orders.ofSeller(seller.id(), status, limit).stream()
                .map(o -> new OrderView(seller.code(), o, payments.ofOrder(o.id()))).toList());
    }

    public OrderView show(Actor actor, OrderId id) {
        var resolved = access.authorise(actor, Action.ORDER_VIEW, id);
        return new OrderView(resolved.seller().code(), resolved.order(),
                transactions.inTransaction(() -> payments.ofOrder(id)));
    }

    /**
     * For the expiry job: cancels one unpaid order whose reservations expired and returns how many reservations
     * it released (0 when the order was paid, cancelled or authorized meanwhile). In a transaction.
     */
    int expire(Actor system, OrderId id) {
        Order before = orders.byIdForUpdate(id).orElseThrow();
        var payment = payments.ofOrder(id);
        if (before.status() != OrderStatus.PLACED || payment.isPresent()
                && (payment.get().status() == com.bazaar.domain.payment.PaymentStatus.AUTHORIZED
                || payment.get().status().inDoubt())) {
            return 0; // paid, cancelled, or the buyer has paid or may have: capture or void decides, not the clock
        }
        int released = reservations.heldBy(id).size();
        Order after = before.cancel(false);
        orders.update(after);
        releaseHeld(id, Reservations.State.EXPIRED);
        var now = clock.instant();
        recorder.record(now, system, "order.expire", "order:" + id, before.snapshot(), after.snapshot(),
                Recorder.event("OrderCancelled", "order", id, after.snapshot(), now, system),
                Recorder.event("ReservationExpired", "order", id, Map.of("order", id.value()), now, system));
        return released;
    }

    List<Reservations.Held> expiredReservations(java.time.Instant now, int limit) {
        return reservations.expired(now, limit);
    }
}
