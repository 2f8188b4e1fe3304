package com.bazaar.domain.order;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.seller.SellerStatus;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BasketTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Seller ACME = new Seller(new SellerId(1), SellerCode.of("ACME"), "Acme", USD,
            SellerStatus.ACTIVE, Optional.empty(), Instant.EPOCH, 0);

    private static Product product(long id, String sku, long priceMinor, ProductStatus status) {
        return new Product(new ProductId(id), ACME.id(), Sku.of(sku), sku, Optional.empty(), Optional.empty(),
                Attributes.NONE, Money.of(priceMinor, USD), status, Instant.EPOCH, 0);
    }

    private static final Map<Sku, Product> CATALOG = Map.of(
            Sku.of("MUG"), product(1, "MUG", 1250, ProductStatus.ACTIVE),
            Sku.of("PEN"), product(2, "PEN", 100, ProductStatus.ACTIVE),
            Sku.of("OLD"), product(3, "OLD", 500, ProductStatus.RETIRED));

    private static List<LineRequest> lines(String... lines) {
        return java.util.Arrays.stream(lines).map(LineRequest::parse).toList();
    }

    @Test
    void linesArePricedInOrderAndTotalled() {
        var priced = Basket.price(ACME, lines("MUG:2", "PEN:3"), CATALOG, List.of(), NOW);
        assertThat(priced.lines()).extracting(OrderLine::lineNo).containsExactly(1, 2);
        assertThat(priced.lines()).extracting(l -> l.total().minor()).containsExactly(2500L, 300L);
        assertThat(priced.total()).isEqualTo(Money.of(2800, USD));
    }

    @Test
    void theBestValidDiscountIsApplied() {
        var tenPercent = new DiscountRule(7, ACME.id(), DiscountRule.Scope.PRODUCT, Optional.of(Sku.of("MUG")),
                Optional.empty(), Optional.of(1000), Optional.empty(), NOW.minusSeconds(60), Optional.empty());
        var priced = Basket.price(ACME, lines("MUG:2"), CATALOG, List.of(tenPercent), NOW);
        assertThat(priced.total()).isEqualTo(Money.of(2250, USD));
    }

    @Test
    void anUnknownOrRetiredProductOrAFreeOrderIsRefusedWithItsRule() {
        assertThatThrownBy(() -> Basket.price(ACME, lines("NOPE:1"), CATALOG, List.of(), NOW))
                .isInstanceOf(RuleViolation.class).extracting("code").isEqualTo("UNKNOWN_SKU");
        assertThatThrownBy(() -> Basket.price(ACME, lines("OLD:1"), CATALOG, List.of(), NOW))
                .isInstanceOf(RuleViolation.class).extracting("code").isEqualTo("PRODUCT_NOT_ACTIVE");
        var everythingOff = new DiscountRule(8, ACME.id(), DiscountRule.Scope.SELLER, Optional.empty(),
                Optional.empty(), Optional.of(10_000), Optional.empty(), NOW.minusSeconds(60), Optional.empty());
        assertThatThrownBy(() -> Basket.price(ACME, lines("PEN:1"), CATALOG, List.of(everythingOff), NOW))
                .isInstanceOf(RuleViolation.class).extracting("code").isEqualTo("ORDER_FREE");
    }
}
