package com.bazaar.domain.catalog;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductLifecycleTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");

    static Product product(ProductStatus status, long priceMinor) {
        return new Product(new ProductId(1), new SellerId(1), Sku.of("MUG-01"), "Blue mug", Optional.empty(),
                Optional.empty(), Attributes.NONE, Money.of(priceMinor, USD), status, Instant.EPOCH, 0);
    }

    private static final Map<ProductStatus, Function<Product, Transition<Product, CatalogEvent>>> MOVES = Map.of(
            ProductStatus.ACTIVE, Product::activate,
            ProductStatus.SUSPENDED, Product::suspend,
            ProductStatus.RETIRED, Product::retire);

    @Test
    void everyPairOfStatesIsAllowedOrRefusedAsTheTableSays() {
        var allowed = Map.of(
                ProductStatus.DRAFT, EnumSet.of(ProductStatus.ACTIVE, ProductStatus.RETIRED),
                ProductStatus.ACTIVE, EnumSet.of(ProductStatus.SUSPENDED, ProductStatus.RETIRED),
                ProductStatus.SUSPENDED, EnumSet.of(ProductStatus.ACTIVE, ProductStatus.RETIRED),
                ProductStatus.RETIRED, EnumSet.noneOf(ProductStatus.class));
        for (ProductStatus from : ProductStatus.values()) {
            for (var move : MOVES.entrySet()) {
                Product start = product(from, 1299);
                if (allowed.get(from).contains(move.getKey())) {
                    assertThat(move.getValue().apply(start).aggregate().status()).as(from + " -> " + move.getKey())
                            .isEqualTo(move.getKey());
                } else {
                    assertThatThrownBy(() -> move.getValue().apply(start)).as(from + " -> " + move.getKey())
                            .isInstanceOf(RuleViolation.class);
                }
            }
            assertThat(from.next()).isEqualTo(allowed.get(from));
        }
    }

    @Test
    void onlyAPricedProductCanBeActivatedAndAnActiveOneKeepsAPositivePrice() {
        assertThatThrownBy(() -> product(ProductStatus.DRAFT, 0).activate()).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("positive price");
        assertThatThrownBy(() -> product(ProductStatus.ACTIVE, 1299).withPrice(Money.zero(USD)))
                .isInstanceOf(RuleViolation.class);
        assertThatThrownBy(() -> product(ProductStatus.ACTIVE, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(product(ProductStatus.DRAFT, 0).isOrderable()).isFalse();
        assertThat(product(ProductStatus.ACTIVE, 1).isOrderable()).isTrue();
    }

    @Test
    void aPriceIsNeverNegativeNorInAnotherCurrency() {
        assertThatThrownBy(() -> product(ProductStatus.DRAFT, -1)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> product(ProductStatus.DRAFT, 100).withPrice(Money.of(100, CurrencyCode.of("EUR"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("priced in USD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a/b", "ÄB", "3.65275E+11"})
    void invalidSkusAreRefused(String sku) {
        assertThatThrownBy(() -> Sku.of(sku)).isInstanceOf(ValidationException.class);
    }

    @Test
    void scientificNotationGetsAHint() {
        assertThatThrownBy(() -> Sku.of("3.65275E+11")).hasMessageContaining("scientific notation");
        assertThat(Sku.of(" AB-1.x_2 ").value()).isEqualTo("AB-1.x_2");
        assertThatThrownBy(() -> Sku.of("x".repeat(65))).isInstanceOf(ValidationException.class);
    }

    @Test
    void titlesAndAttributesAreChecked() {
        assertThatThrownBy(() -> new Product.Draft(new SellerId(1), Sku.of("A"), " ", Optional.empty(), Optional.empty(),
                Attributes.NONE, Money.of(1, USD))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Attributes(Map.of("bad key", "x"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Attributes(Map.of("k", "x".repeat(501)))).isInstanceOf(ValidationException.class);
        assertThat(new Attributes(Map.of("b", "2", "a", "1")).values().keySet()).containsExactly("a", "b");
    }

    @Test
    void everyChangeReturnsItsEventWithWhatTheProductWasBefore() {
        var activated = product(ProductStatus.DRAFT, 1299).activate();
        assertThat(activated.events()).containsExactly(new CatalogEvent.ProductStatusChanged(new ProductId(1),
                ProductSnapshot.of(activated.aggregate()), ProductStatus.DRAFT, Money.of(1299, USD)));
        var repriced = product(ProductStatus.ACTIVE, 1299).withPrice(Money.of(1500, USD));
        assertThat(repriced.events()).containsExactly(new CatalogEvent.ProductPriceChanged(new ProductId(1),
                ProductSnapshot.of(repriced.aggregate()), ProductStatus.ACTIVE, Money.of(1299, USD)));
        assertThat(repriced.events().get(0).payload()).containsEntry("price", "15.00")
                .containsEntry("previousPrice", "12.99").containsEntry("previousStatus", "ACTIVE");
    }
}
