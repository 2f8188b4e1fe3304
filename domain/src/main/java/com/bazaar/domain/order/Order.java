package com.bazaar.domain.order;

import com.bazaar.domain.seller.SellerId;
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
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(placedAt, "placedAt");
    }

    /** Refuses more lines than an order may have (a request, before anything is priced or reserved). */
    public static void checkLineCount(int lines) {
        if (lines > MAX_LINES) {
            throw new com.bazaar.domain.shared.ValidationException("LINES_TOO_MANY", "line", "an order has at most "
                    + MAX_LINES + " lines (got " + lines + ")");
        }
    }

    public Order markPaid() {
        return to(OrderStatus.PAID);
    }

    public Order ship() {
        return to(OrderStatus.SHIPPED);
    }

    public Order deliver() {
        return to(OrderStatus.DELIVERED);
    }

    /** Cancels; a paid order only when its payment has been refunded in full. */
    public Order cancel(boolean fullyRefunded) {
        if (status == OrderStatus.PAID && !fullyRefunded) {
            throw new RuleViolation("REFUND_REQUIRED", "order " + id + " is paid: refund it in full before cancelling");
        }
        return to(OrderStatus.CANCELLED);
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
