package com.bazaar.domain.order;

import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Money;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sales read model knows of one order, learnt from the event stream only (never from the business tables):
 * its sale, once its {@code OrderPlaced} was seen, and whether it was cancelled. Events of one order and of its
 * payment may arrive in either order (different topics), so what the order adds to its seller's day is a function of
 * what is known ({@link #contribution}), and each event changes the day by the difference it makes to it: whatever the
 * order of arrival, the day ends at the same totals.
 */
public record SoldOrder(OrderId order, Optional<Sale> sale, boolean cancelled) {

    /** The order as placed: the payment that pays it, its seller, its day (UTC), its total and its units. */
    public record Sale(long payment, SellerCode seller, LocalDate day, Money total, long units) {
        public Sale {
            Objects.requireNonNull(seller, "seller");
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(total, "total");
            if (units < 0 || total.isNegative()) {
                throw new IllegalArgumentException("a sale's units and total are never negative");
            }
        }
    }

    /** Orders, units and revenue an order adds to (or, as a difference, takes from) its seller's day. */
    public record Contribution(long orders, long units, Money revenue) {
        public Contribution minus(Contribution other) {
            return new Contribution(orders - other.orders, units - other.units, revenue.minus(other.revenue));
        }
    }

    public SoldOrder {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(sale, "sale");
    }

    /** An order first heard of by its cancellation (its OrderPlaced comes later). */
    public static SoldOrder cancelledBeforeSeen(OrderId order) {
        return new SoldOrder(order, Optional.empty(), true);
    }

    public SoldOrder placed(Sale placed) {
        return new SoldOrder(order, Optional.of(placed), cancelled);
    }

    public SoldOrder cancel() {
        return new SoldOrder(order, sale, true);
    }

    /**
     * What the order adds to its seller's day, given what was refunded on its payment: nothing until its sale is
     * known; a cancelled order nothing (a paid order is cancelled only after a full refund, which is not subtracted
     * twice); otherwise one order, its units and its total less its refunds. Empty when the sale is not known.
     */
    public Optional<Contribution> contribution(Money refunded) {
        return sale.map(s -> cancelled ? new Contribution(0, 0, Money.zero(s.total().currency()))
                : new Contribution(1, s.units(), s.total().minus(refunded).max(Money.zero(s.total().currency()))));
    }
}
