package com.bazaar.domain.order;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A buyer's order from one seller. Its total is the sum of its lines, in the seller's currency. Every state change
 * is a method checked against {@link OrderStatus}'s transition table.
 */
public record Order(OrderId id, SellerId seller, Buyer buyer, List<OrderLine> lines, Money total, OrderStatus status,
                    Instant placedAt, long version) {

    /**
     * The most lines one order has. With a line's total bounded like any {@code Money}, the sum of an order's lines is
     * computed exactly and refused (never overflowed) beyond {@code Money.MAX_MINOR}: the maximum per order.
     */
    public static final int MAX_LINES = 100;

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(buyer, "buyer");
        lines = List.copyOf(lines);
        checkLines(lines, total);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(placedAt, "placedAt");
    }

    /** A new order: PLACED at {@code at}, its lines priced; the store gives it its id ({@link Orders#add}). */
    public static Orders.NewOrder place(SellerId seller, Buyer buyer, List<OrderLine> lines, Money total,
                                        IdempotencyKey key, Instant at) {
        return new Orders.NewOrder(seller, buyer, lines, total, OrderStatus.PLACED, at, key);
    }

    /** The invariant of every order: 1 to {@link #MAX_LINES} lines, and the total is their sum. */
    static void checkLines(List<OrderLine> lines, Money total) {
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new IllegalStateException("an order has 1 to " + MAX_LINES + " lines (got " + lines.size() + ")");
        }
        Money sum = Money.zero(total.currency());
        for (OrderLine line : lines) {
            sum = sum.plus(line.total());
        }
        if (!sum.equals(total)) {
            throw new IllegalStateException("order total " + total + " is not the sum of its lines " + sum);
        }
    }

    /** Refuses more lines than an order may have (a request, before anything is priced or reserved). */
    public static void checkLineCount(int lines) {
        if (lines > MAX_LINES) {
            throw new com.bazaar.domain.shared.ValidationException("LINES_TOO_MANY", "line", "an order has at most "
                    + MAX_LINES + " lines (got " + lines + ")");
        }
    }

    /** Its payment was captured. */
    public Transition<Order, OrderEvent> markPaid() {
        return Transition.of(to(OrderStatus.PAID), new OrderEvent.OrderPaid(id));
    }

    public Transition<Order, OrderEvent> ship() {
        Order after = to(OrderStatus.SHIPPED);
        return Transition.of(after, new OrderEvent.OrderShipped(OrderSnapshot.of(after)));
    }

    public Transition<Order, OrderEvent> deliver() {
        Order after = to(OrderStatus.DELIVERED);
        return Transition.of(after, new OrderEvent.OrderDelivered(OrderSnapshot.of(after)));
    }

    /** Cancels; a paid order only when its payment has been refunded in full. */
    public Transition<Order, OrderEvent> cancel(boolean fullyRefunded) {
        if (status == OrderStatus.PAID && !fullyRefunded) {
            throw new RuleViolation("REFUND_REQUIRED", "order " + id + " is paid: refund it in full before cancelling");
        }
        Order after = to(OrderStatus.CANCELLED);
        return Transition.of(after, new OrderEvent.OrderCancelled(OrderSnapshot.of(after)));
    }

    /** Cancels an unpaid order whose reservations ran out: the cancellation, then the expiry. */
    public Transition<Order, OrderEvent> expire() {
        var cancelled = cancel(false);
        return new Transition<>(cancelled.aggregate(), List.of(cancelled.events().get(0),
                new OrderEvent.ReservationExpired(id)));
    }

    private Order to(OrderStatus target) {
        if (!status.canMoveTo(target)) {
            throw new RuleViolation("ORDER_TRANSITION_INVALID",
                    "order " + id + " is " + status + " and cannot become " + target);
        }
        return new Order(id, seller, buyer, lines, total, target, placedAt, version);
    }

    /** The audit snapshot, the same JSON as the events' order snapshot ({@link OrderSnapshot}). */
    public Map<String, Object> snapshot() {
        return OrderSnapshot.of(this).toMap();
    }
}
