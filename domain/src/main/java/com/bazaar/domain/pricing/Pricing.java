package com.bazaar.domain.pricing;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.ValidationException;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one pricing rule (docs/pricing.md): a line's gross is unit price x quantity; of the seller's discount rules
 * that are valid at the moment of pricing and apply to the product, the single one giving the largest discount on
 * the line wins (ties: the lowest rule id); discounts never combine; a percentage is rounded half-even to whole
 * minor units; a fixed amount is taken off each unit but never below zero; the line total is never negative.
 */
public final class Pricing {

    /** A priced line with the rule that gave its discount, if any. */
    public record PricedLine(Product product, long quantity, Money unitPrice, Money gross, Money discount, Money total,
                             Optional<DiscountRule> rule) {
    }

    private Pricing() {
    }

    public static PricedLine price(Product product, long quantity, List<DiscountRule> rules, Instant at) {
        Money unit = product.price();
        Money gross;
        try {
            gross = unit.times(quantity);
        } catch (ValidationException tooLarge) {
            throw new ValidationException("LINE_TOO_LARGE", "line", "line " + product.sku() + " (" + quantity + " x "
                    + unit + ") is beyond the limit of " + Money.max(unit.currency()) + " per order line");
        }
        Optional<DiscountRule> best = rules.stream()
                .filter(r -> r.validAt(at) && r.appliesTo(product))
                .max(Comparator.<DiscountRule, Money>comparing(r -> r.discountOn(unit, quantity))
                        .thenComparing(Comparator.comparingLong(DiscountRule::id).reversed()));
        Money discount = best.map(r -> r.discountOn(unit, quantity)).orElse(Money.zero(unit.currency()));
        return new PricedLine(product, quantity, unit, gross, discount, gross.minus(discount), best);
    }

    /** The sum of an order's line totals; refused beyond {@code Money.MAX_MINOR}, the limit per order. */
    public static Money orderTotal(CurrencyCode currency, List<Money> lineTotals) {
        Money total = Money.zero(currency);
        try {
            for (Money line : lineTotals) {
                total = total.plus(line);
            }
        } catch (ValidationException tooLarge) {
            throw new ValidationException("ORDER_TOO_LARGE", "line", "the order total is beyond the limit of "
                    + Money.max(currency) + " per order");
        }
        return total;
    }
}
