package com.bazaar.domain.pricing;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.ValidationException;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A discount a seller offers: a percentage (in basis points, 1 bp = 0.01 %) or a fixed amount off each unit, for one
 * product, one category or the whole catalog, valid from {@code validFrom} (inclusive) until {@code validUntil}
 * (exclusive, open-ended when absent).
 */
public record DiscountRule(long id, SellerId seller, Scope scope, Optional<Sku> sku, Optional<String> category,
                           Optional<Integer> percentBasisPoints, Optional<Money> amountPerUnit, Instant validFrom,
                           Optional<Instant> validUntil) {

    public enum Scope { PRODUCT, CATEGORY, SELLER }

    public DiscountRule {
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(scope, "scope");
        if ((scope == Scope.PRODUCT) != sku.isPresent() || (scope == Scope.CATEGORY) != category.isPresent()) {
            throw new ValidationException("DISCOUNT_SCOPE_INVALID", "scope",
                    "a discount is for exactly one of: --sku, --category, --all");
        }
        if (percentBasisPoints.isPresent() == amountPerUnit.isPresent()) {
            throw new ValidationException("DISCOUNT_KIND_INVALID", "discount",
                    "a discount is either --percent or --amount, not both or neither");
        }
        percentBasisPoints.ifPresent(bp -> {
            if (bp <= 0 || bp > 10_000) {
                throw new ValidationException("DISCOUNT_PERCENT_INVALID", "percent",
                        "a percentage discount must be more than 0 and at most 100");
            }
        });
        amountPerUnit.ifPresent(a -> {
            if (!a.isPositive()) {
                throw new ValidationException("DISCOUNT_AMOUNT_INVALID", "amount", "a fixed discount must be positive");
            }
            if (a.minor() > Product.MAX_PRICE_MINOR) {
                throw new ValidationException("DISCOUNT_AMOUNT_INVALID", "amount", "a fixed discount is at most the"
                        + " highest price, " + Money.of(Product.MAX_PRICE_MINOR, a.currency()) + " (got " + a + ")");
            }
        });
        Objects.requireNonNull(validFrom, "validFrom");
        if (validUntil.isPresent() && !validUntil.get().isAfter(validFrom)) {
            throw new ValidationException("DISCOUNT_WINDOW_INVALID", "until", "a discount must end after it starts");
        }
    }

    public boolean validAt(Instant at) {
        return !at.isBefore(validFrom) && validUntil.map(at::isBefore).orElse(true);
    }

    public boolean appliesTo(Product product) {
        if (!product.seller().equals(seller)) {
            return false;
        }
        return switch (scope) {
            case PRODUCT -> sku.orElseThrow().equals(product.sku());
            case CATEGORY -> product.category().map(c -> c.equalsIgnoreCase(category.orElseThrow())).orElse(false);
            case SELLER -> true;
        };
    }

    /** The discount this rule gives on {@code quantity} units at {@code unitPrice}, never more than the line. */
    public Money discountOn(Money unitPrice, long quantity) {
        Money gross = unitPrice.times(quantity);
        Money discount = percentBasisPoints.map(gross::percent)
                .orElseGet(() -> amountPerUnit.orElseThrow().min(unitPrice).times(quantity));
        return discount.min(gross);
    }

    public String describe() {
        String what = percentBasisPoints.map(bp -> new java.math.BigDecimal(bp).movePointLeft(2).stripTrailingZeros()
                .toPlainString() + "% off").orElseGet(() -> amountPerUnit.orElseThrow() + " off each unit");
        String on = switch (scope) {
            case PRODUCT -> "SKU " + sku.orElseThrow();
            case CATEGORY -> "category " + category.orElseThrow();
            case SELLER -> "every product";
        };
        return "#" + id + " " + what + " on " + on;
    }

    /** The audit snapshot, the same JSON as the event's discount snapshot ({@link DiscountSnapshot}). */
    public Map<String, Object> snapshot() {
        return DiscountSnapshot.of(this).toMap();
    }
}
