package com.bazaar.domain.shared;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.pricing.Pricing;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The documented limits (docs/invariants.md, M3) keep every computation of one order, one payment or one settlement
 * line inside a {@code long}, and every result is either exact or refused - never wrapped around; sums over any number
 * of amounts are exact {@link MoneyTotal}s.
 */
class AmountBoundsProperties {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final BigInteger MAX = BigInteger.valueOf(Money.MAX_MINOR);

    @Provide
    Arbitrary<List<long[]>> orderLines() {
        Arbitrary<long[]> line = Arbitraries.longs().between(0, Product.MAX_PRICE_MINOR)
                .flatMap(price -> Arbitraries.longs().between(1, LineRequest.MAX_QUANTITY)
                        .map(quantity -> new long[]{price, quantity}));
        return line.list().ofMinSize(1).ofMaxSize(Order.MAX_LINES);
    }

    @Property
    void anOrderWithinTheLimitsIsPricedExactlyOrRefusedNeverOverflowed(@ForAll("orderLines") List<long[]> lines) {
        BigInteger exact = BigInteger.ZERO;
        boolean lineTooLarge = false;
        for (long[] l : lines) {
            BigInteger gross = BigInteger.valueOf(l[0]).multiply(BigInteger.valueOf(l[1]));
            // the bounds guarantee no long overflow before the Money limit is even checked
            assertThat(gross).isLessThanOrEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
            lineTooLarge |= gross.compareTo(MAX) > 0;
            exact = exact.add(gross);
        }
        assertThat(exact).as("100 lines at the limits").isLessThan(BigInteger.valueOf(Long.MAX_VALUE));
        try {
            List<Money> totals = lines.stream().map(l -> Money.of(l[0], USD).times(l[1])).toList();
            Money total = Pricing.orderTotal(USD, totals);
            assertThat(lineTooLarge).isFalse();
            assertThat(BigInteger.valueOf(total.minor())).isEqualTo(exact);
            assertThat(total.minor()).isLessThanOrEqualTo(Money.MAX_MINOR);
        } catch (ValidationException refused) {
            assertThat(lineTooLarge || exact.compareTo(MAX) > 0).as("refused only beyond a limit").isTrue();
            assertThat(refused.code()).isIn("AMOUNT_TOO_LARGE", "ORDER_TOO_LARGE");
        }
    }

    @Property
    void arithmeticOnBoundedAmountsIsExactOrRefused(
            @ForAll @LongRange(min = -Money.MAX_MINOR, max = Money.MAX_MINOR) long a,
            @ForAll @LongRange(min = -Money.MAX_MINOR, max = Money.MAX_MINOR) long b,
            @ForAll @IntRange(min = 0, max = 10_000) int basisPoints) {
        Money x = Money.of(a, USD);
        Money y = Money.of(b, USD);
        BigInteger sum = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        if (sum.abs().compareTo(MAX) <= 0) {
            assertThat(x.plus(y).minor()).isEqualTo(sum.longValueExact());
        } else {
            assertThatThrownBy(() -> x.plus(y)).isInstanceOf(ValidationException.class);
        }
        assertThat(Math.abs(x.percent(basisPoints).minor())).isLessThanOrEqualTo(Math.abs(a));
    }

    @Property(tries = 200)
    void totalsOverAnyNumberOfAmountsAreExact(@ForAll @Size(max = 50) List<@LongRange(min = -Money.MAX_MINOR,
            max = Money.MAX_MINOR) Long> amounts, @ForAll @IntRange(min = 1, max = 100_000) int copies) {
        MoneyTotal total = new MoneyTotal(BigInteger.ZERO, USD);
        BigInteger exact = BigInteger.ZERO;
        for (long a : amounts) {
            for (int i = 0; i < Math.min(copies, 200); i++) {
                total = total.plus(Money.of(a, USD));
                exact = exact.add(BigInteger.valueOf(a));
            }
        }
        assertThat(total.minor()).isEqualTo(exact);
    }

    @Example
    void tenThousandCapturesAtTheLimitSumBeyondALongAndStayExact() {
        MoneyTotal total = new MoneyTotal(BigInteger.ZERO, USD);
        for (int i = 0; i < 10_000; i++) {
            total = total.plus(Money.max(USD));
        }
        assertThat(total.minor()).isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(total.decimal()).isEqualTo("100000000000000000.00");
    }

    @Property
    void stockWithinTheLimitsNeverOverflowsAndStaysWithinThem(
            @ForAll @LongRange(min = 0, max = Stock.MAX_UNITS) long onHand,
            @ForAll @LongRange(min = Long.MIN_VALUE, max = Long.MAX_VALUE) long delta) {
        var stock = new Stock(new com.bazaar.domain.catalog.ProductId(1), onHand, 0);
        try {
            Stock after = stock.adjust(delta);
            assertThat(after.onHand()).isEqualTo(onHand + delta).isBetween(0L, Stock.MAX_UNITS);
        } catch (DomainException refused) {
            assertThat(refused.code()).isIn("DELTA_INVALID", "ABOVE_MAXIMUM", "BELOW_RESERVED");
        }
    }
}
