package com.bazaar.domain.catalog;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.ValidationException;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A product of one seller. Invariants (also CHECK constraints): SKU and title valid, price never negative, at most
 * {@link #MAX_PRICE_MINOR} and in the seller's currency, and an ACTIVE product has a positive price. Changes return a
 * new {@code Product}.
 */
public record Product(ProductId id, SellerId seller, Sku sku, String title, Optional<String> description,
                      Optional<String> category, Attributes attributes, Money price, ProductStatus status,
                      Instant createdAt, long version) {

    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 5000;
    public static final int MAX_CATEGORY = 100;
    /**
     * The highest unit price, in minor units: 10^11 (1,000,000,000.00 USD, 100,000,000,000 JPY). With at most
     * {@code LineRequest.MAX_QUANTITY} units a line's gross stays within one {@code Money} (docs/invariants.md, M3).
     */
    public static final long MAX_PRICE_MINOR = 100_000_000_000L;

    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(sku, "sku");
        title = Text.required(title, "title", "TITLE_INVALID", MAX_TITLE);
        description = checkedDescription(description);
        category = checkedCategory(category);
        Objects.requireNonNull(attributes, "attributes");
        checkPrice(price);
        Objects.requireNonNull(status, "status");
        if (status == ProductStatus.ACTIVE && !price.isPositive()) {
            throw new IllegalStateException("an active product has a positive price");
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** What a new product is made of; it starts as a DRAFT unless created active. */
    public record Draft(SellerId seller, Sku sku, String title, Optional<String> description, Optional<String> category,
                        Attributes attributes, Money price) {
        public Draft {
            Objects.requireNonNull(seller, "seller");
            Objects.requireNonNull(sku, "sku");
            title = Text.required(title, "title", "TITLE_INVALID", MAX_TITLE);
            description = checkedDescription(description);
            category = checkedCategory(category);
            Objects.requireNonNull(attributes, "attributes");
            checkPrice(price);
        }
    }

    static Optional<String> checkedDescription(Optional<String> description) {
        return Objects.requireNonNull(description, "description").filter(d -> !d.isBlank())
                .map(d -> {
                    String trimmed = d.strip();
                    if (trimmed.length() > MAX_DESCRIPTION) {
                        throw new ValidationException("DESCRIPTION_INVALID", "description",
                                "description must be at most " + MAX_DESCRIPTION + " characters");
                    }
                    return trimmed;
                });
    }

    static Optional<String> checkedCategory(Optional<String> category) {
        return Objects.requireNonNull(category, "category").filter(c -> !c.isBlank())
                .map(c -> Text.required(c, "category", "CATEGORY_INVALID", MAX_CATEGORY));
    }

    /** A price as a product takes it: not negative, at most {@link #MAX_PRICE_MINOR}; refused otherwise. */
    public static Money checkedPrice(Money price) {
        checkPrice(price);
        return price;
    }

    static void checkPrice(Money price) {
        Objects.requireNonNull(price, "price");
        if (price.isNegative()) {
            throw new ValidationException("PRICE_INVALID", "price", "price must not be negative (got " + price + ")");
        }
        if (price.minor() > MAX_PRICE_MINOR) {
            throw new ValidationException("PRICE_TOO_HIGH", "price", "price must be at most "
                    + Money.of(MAX_PRICE_MINOR, price.currency()) + " (got " + price + ")");
        }
    }

    public boolean isOrderable() {
        return status == ProductStatus.ACTIVE;
    }

    public Transition<Product, CatalogEvent> activate() {
        requireTransition(ProductStatus.ACTIVE);
        if (!price.isPositive()) {
            throw new RuleViolation("PRICE_REQUIRED", "product " + sku + " needs a positive price before it can be"
                    + " activated (it is " + price + ")");
        }
        return withStatus(ProductStatus.ACTIVE);
    }

    public Transition<Product, CatalogEvent> suspend() {
        requireTransition(ProductStatus.SUSPENDED);
        return withStatus(ProductStatus.SUSPENDED);
    }

    public Transition<Product, CatalogEvent> retire() {
        requireTransition(ProductStatus.RETIRED);
        return withStatus(ProductStatus.RETIRED);
    }

    public Transition<Product, CatalogEvent> withPrice(Money newPrice) {
        checkPrice(newPrice);
        if (!newPrice.currency().equals(price.currency())) {
            throw new ValidationException("CURRENCY_MISMATCH", "price", "product " + sku + " is priced in "
                    + price.currency() + ", not " + newPrice.currency());
        }
        if (status == ProductStatus.ACTIVE && !newPrice.isPositive()) {
            throw new RuleViolation("PRICE_REQUIRED", "an active product needs a positive price");
        }
        if (status == ProductStatus.RETIRED) {
            throw new RuleViolation("PRODUCT_RETIRED", "product " + sku + " is retired");
        }
        Product after = new Product(id, seller, sku, title, description, category, attributes, newPrice, status,
                createdAt, version);
        return Transition.of(after, new CatalogEvent.ProductPriceChanged(id, ProductSnapshot.of(after), status, price));
    }

    private Transition<Product, CatalogEvent> withStatus(ProductStatus next) {
        Product after = new Product(id, seller, sku, title, description, category, attributes, price, next, createdAt,
                version);
        return Transition.of(after, new CatalogEvent.ProductStatusChanged(id, ProductSnapshot.of(after), status, price));
    }

    private void requireTransition(ProductStatus target) {
        if (!status.canMoveTo(target)) {
            throw new RuleViolation("PRODUCT_TRANSITION_INVALID",
                    "product " + sku + " is " + status + " and cannot become " + target);
        }
    }

    /** The audit snapshot, the same JSON as the events' product snapshot ({@link ProductSnapshot}). */
    public Map<String, Object> snapshot() {
        return ProductSnapshot.of(this).toMap();
    }
}
