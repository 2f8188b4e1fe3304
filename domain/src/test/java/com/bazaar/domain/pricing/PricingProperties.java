package com.bazaar.domain.pricing;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PricingProperties {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final SellerId SELLER = new SellerId(1);

    private static Product product(long priceMinor) {
        return new Product(new ProductId(1), SELLER, Sku.of("MUG"), "Mug", Optional.empty(), Optional.of("Kitchen"),
                Attributes.NONE, Money.of(priceMinor, USD), ProductStatus.ACTIVE, Instant.EPOCH, 0);
    }

    @Provide
    Arbitrary<List<DiscountRule>> rules() {
        Arbitrary<DiscountRule> rule = Combinators.combine(
                Arbitraries.longs().between(1, 1000),
                Arbitraries.of(DiscountRule.Scope.values()),
                Arbitraries.integers().between(1, 10_000),
                Arbitraries.longs().between(1, 100_000),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(-5, 5)).as((id, scope, bp, amount, percent, fromDays) ->
                new DiscountRule(id, SELLER, scope,
                        scope == DiscountRule.Scope.PRODUCT ? Optional.of(Sku.of("MUG")) : Optional.empty(),
                        scope == DiscountRule.Scope.CATEGORY ? Optional.of("kitchen") : Optional.empty(),
                        percent ? Optional.of(bp) : Optional.empty(),
                        percent ? Optional.empty() : Optional.of(Money.of(amount, USD)),
                        NOW.plusSeconds(86_400L * fromDays), Optional.empty()));
        return rule.list().ofMaxSize(6).uniqueElements(DiscountRule::id);
    }

    @Property
    void aLineIsNeverBelowZeroAndTheDiscountNeverExceedsTheGross(
            @ForAll @LongRange(min = 1, max = 10_000_000) long price, @ForAll @LongRange(min = 1, max = 1000) long qty,
            @ForAll("rules") List<DiscountRule> rules) {
        var line = Pricing.price(product(price), qty, rules, NOW);
        assertThat(line.gross()).isEqualTo(Money.of(price * qty, USD));
        assertThat(line.discount().minor()).isBetween(0L, line.gross().minor());
        assertThat(line.total()).isEqualTo(line.gross().minus(line.discount()));
        assertThat(line.total().isNegative()).isFalse();
    }

    @Property
    void theResultDoesNotDependOnTheOrderOfTheRules(@ForAll @LongRange(min = 1, max = 1_000_000) long price,
                                                   @ForAll @LongRange(min = 1, max = 100) long qty,
                                                   @ForAll("rules") List<DiscountRule> rules) {
        List<DiscountRule> shuffled = new ArrayList<>(rules);
        Collections.reverse(shuffled);
        assertThat(Pricing.price(product(price), qty, shuffled, NOW))
                .isEqualTo(Pricing.price(product(price), qty, rules, NOW));
    }

    @Property
    void theBestValidRuleWins(@ForAll @LongRange(min = 1, max = 1_000_000) long price,
                              @ForAll @LongRange(min = 1, max = 100) long qty, @ForAll("rules") List<DiscountRule> rules) {
        var line = Pricing.price(product(price), qty, rules, NOW);
        for (DiscountRule r : rules) {
            if (r.validAt(NOW)) {
                assertThat(line.discount().compareTo(r.discountOn(Money.of(price, USD), qty))).isGreaterThanOrEqualTo(0);
            }
        }
        line.rule().ifPresent(r -> assertThat(r.validAt(NOW)).isTrue());
    }

    @Example
    void documentedExamples() {
        var tenPercent = new DiscountRule(1, SELLER, DiscountRule.Scope.SELLER, Optional.empty(), Optional.empty(),
                Optional.of(1000), Optional.empty(), NOW.minusSeconds(1), Optional.of(NOW.plusSeconds(60)));
        var twoOff = new DiscountRule(2, SELLER, DiscountRule.Scope.PRODUCT, Optional.of(Sku.of("MUG")), Optional.empty(),
                Optional.empty(), Optional.of(Money.of(200, USD)), NOW.minusSeconds(1), Optional.empty());
        // 3 x 12.99 = 38.97: 10 % = 3.897 -> 3.90 (half-even); 2.00 x 3 = 6.00 wins
        var line = Pricing.price(product(1299), 3, List.of(tenPercent, twoOff), NOW);
        assertThat(line.discount()).isEqualTo(Money.of(600, USD));
        assertThat(line.rule()).contains(twoOff);
        // after the 10 % rule expires it no longer counts; at 1 unit of 0.50 the 2.00 off is capped at 0.50
        assertThat(Pricing.price(product(50), 1, List.of(tenPercent, twoOff), NOW.plusSeconds(120)).total().isZero())
                .isTrue();
        assertThat(Pricing.price(product(1299), 3, List.of(tenPercent), NOW).discount()).isEqualTo(Money.of(390, USD));
    }
}
