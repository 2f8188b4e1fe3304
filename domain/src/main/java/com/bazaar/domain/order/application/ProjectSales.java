package com.bazaar.domain.order.application;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.ProcessedEvents;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.OrderSnapshot;
import com.bazaar.domain.order.SalesDays;
import com.bazaar.domain.order.SoldOrder;
import com.bazaar.domain.order.SoldOrders;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.payment.RefundEvent;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.ApplyOnce;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The {@code sales} consumer's effect: builds the read model {@code seller_sales_daily} (orders, units and revenue per
 * seller, day and currency) from the event stream only, each event applied once ({@link ApplyOnce}).
 * <ul>
 * <li>{@code OrderPlaced} adds one order, its units and its total to the seller's day (the UTC day of the event);</li>
 * <li>{@code OrderCancelled} takes them away again from that day (an order cancelled after payment was fully refunded
 * first: its revenue is not taken away twice);</li>
 * <li>{@code RefundIssued} takes the amount paid back from the revenue of the day its order was placed.</li>
 * </ul>
 * The seller and day of a cancellation or a refund come from the consumer's own record of the orders it has seen
 * ({@link SoldOrders}, keyed by order and by payment). Refunds and order events travel on different topics, so either
 * may come first: each event changes the day by the difference it makes to what its order contributes
 * ({@link SoldOrder#contribution}), so the totals do not depend on the order of arrival. {@link #rebuild} empties the
 * model and forgets what was applied, so reading the topics from the beginning builds it again, to the same totals.
 */
public final class ProjectSales {

    /** The consumer's name, in {@code processed_events}, metrics and {@code bazaar worker --only}. */
    public static final String CONSUMER = "sales";

    private final Transactions transactions;
    private final ProcessedEvents processed;
    private final SalesDays sales;
    private final SoldOrders sold;
    private final ApplyOnce once;

    public ProjectSales(Transactions transactions, ProcessedEvents processed, SalesDays sales, SoldOrders sold,
                        Clock clock) {
        this.transactions = transactions;
        this.processed = processed;
        this.sales = sales;
        this.sold = sold;
        this.once = new ApplyOnce(transactions, processed, clock);
    }

    /** True for the events that change the read model; the consumer skips the others without a record. */
    public boolean handles(Event event) {
        return event instanceof OrderEvent.OrderPlaced || event instanceof OrderEvent.OrderCancelled
                || event instanceof RefundEvent.RefundIssued;
    }

    public ApplyOnce.Result apply(String eventId, Event event, Instant occurredAt) {
        if (event instanceof OrderEvent.OrderPlaced placed) {
            return once.apply(CONSUMER, eventId, () -> placed(placed, occurredAt));
        }
        if (event instanceof OrderEvent.OrderCancelled cancelled) {
            return once.apply(CONSUMER, eventId, () -> cancelled(cancelled));
        }
        if (event instanceof RefundEvent.RefundIssued issued) {
            return once.apply(CONSUMER, eventId, () -> refunded(issued.refund()));
        }
        throw new IllegalArgumentException("the sales projection does not take " + event.type());
    }

    private void placed(OrderEvent.OrderPlaced placed, Instant occurredAt) {
        OrderSnapshot order = placed.state();
        long units = order.lines().stream().mapToLong(OrderSnapshot.Line::quantity).sum();
        var sale = new SoldOrder.Sale(placed.payment(), placed.seller(),
                occurredAt.atZone(ZoneOffset.UTC).toLocalDate(), order.total(), units);
        sold.lockPayment(sale.payment());
        SoldOrder before = sold.byOrder(order.order())
                .orElse(new SoldOrder(order.order(), Optional.empty(), false));
        change(before, before.placed(sale), sale.payment());
    }

    private void cancelled(OrderEvent.OrderCancelled cancelled) {
        var id = cancelled.state().order();
        Optional<SoldOrder> known = sold.byOrder(id);
        if (known.isEmpty()) {
            sold.save(SoldOrder.cancelledBeforeSeen(id)); // its OrderPlaced comes later and finds it cancelled
            return;
        }
        long payment = known.get().sale().orElseThrow().payment();
        sold.lockPayment(payment);
        SoldOrder before = sold.byOrder(id).orElseThrow();
        change(before, before.cancel(), payment);
    }

    private void refunded(Refund refund) {
        long payment = refund.payment().value();
        sold.lockPayment(payment);
        Optional<SoldOrder> order = sold.byPayment(payment);
        Money refundedBefore = sold.refundedOn(payment, refund.amount().currency());
        if (!sold.recordRefund(refund.id(), payment, refund.amount())) {
            return;
        }
        // an order not seen yet counts its refunds when its OrderPlaced comes
        order.filter(o -> o.sale().isPresent()).ifPresent(o -> changeDay(o, o.contribution(refundedBefore),
                o.contribution(refundedBefore.plus(refund.amount()))));
    }

    private void change(SoldOrder before, SoldOrder after, long payment) {
        Money refunded = sold.refundedOn(payment, after.sale().orElseThrow().total().currency());
        sold.save(after);
        changeDay(after, before.contribution(refunded), after.contribution(refunded));
    }

    private void changeDay(SoldOrder order, Optional<SoldOrder.Contribution> before,
                           Optional<SoldOrder.Contribution> after) {
        var sale = order.sale().orElseThrow();
        var now = after.orElseThrow();
        var delta = before.map(now::minus).orElse(now);
        sales.add(sale.seller(), sale.day(), delta.orders(), delta.units(), delta.revenue());
    }

    /**
     * Empties the read model and the consumer's record of orders and refunds, and forgets the events applied, in one
     * transaction.
     */
    public void rebuild() {
        transactions.run(() -> {
            sales.clear();
            sold.clear();
            processed.forget(CONSUMER);
        });
    }
}
