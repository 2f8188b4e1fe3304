package com.bazaar.domain.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyProperties {

    @Provide
    Arbitrary<CurrencyCode> currencies() {
        return Arbitraries.of("USD", "EUR", "JPY", "KWD", "BHD", "GBP", "CLP").map(CurrencyCode::of);
    }

    @Property
    void formatThenParseIsTheIdentity(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor,
                                      @ForAll("currencies") CurrencyCode currency) {
        Money money = Money.of(minor, currency);
        assertThat(Money.parse(money.decimal(), currency)).isEqualTo(money);
    }

    @Property
    void extraPrecisionIsRefusedNotRounded(@ForAll @LongRange(min = 0, max = 1_000_000) long whole,
                                           @ForAll("currencies") CurrencyCode currency) {
        String tooPrecise = whole + "." + "1".repeat(currency.minorDigits() + 1);
        assertThatThrownBy(() -> Money.parse(tooPrecise, currency)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("more decimals than " + currency);
    }

    @Property
    void additionAndSubtractionAreInverse(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long a,
                                          @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long b,
                                          @ForAll("currencies") CurrencyCode currency) {
        Money x = Money.of(a, currency);
        Money y = Money.of(b, currency);
        assertThat(x.plus(y).minus(y)).isEqualTo(x);
        assertThat(x.plus(y)).isEqualTo(y.plus(x));
    }

    @Property
    void multiplicationDistributesOverAddition(@ForAll @LongRange(min = -1_000_000L, max = 1_000_000L) long a,
                                               @ForAll @LongRange(min = -1_000_000L, max = 1_000_000L) long b,
                                               @ForAll @IntRange(min = 0, max = 10_000) int k) {
        CurrencyCode usd = CurrencyCode.of("USD");
        assertThat(Money.of(a, usd).plus(Money.of(b, usd)).times(k))
                .isEqualTo(Money.of(a, usd).times(k).plus(Money.of(b, usd).times(k)));
    }

    @Property
    void aPercentageNeverExceedsTheWholeAndIsWithinHalfAUnit(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long minor,
                                                            @ForAll @IntRange(min = 0, max = 10_000) int bp) {
        Money amount = Money.of(minor, CurrencyCode.of("USD"));
        Money part = amount.percent(bp);
        assertThat(part.minor()).isBetween(0L, minor);
        // |part * 10000 - minor * bp| <= 5000 (half a minor unit, scaled)
        assertThat(Math.abs(part.minor() * 10_000 - minor * bp)).isLessThanOrEqualTo(5_000L);
    }

    @Property
    void currenciesNeverMix(@ForAll @LongRange(min = -1000, max = 1000) long a) {
        Money usd = Money.of(a, CurrencyCode.of("USD"));
        Money eur = Money.of(a, CurrencyCode.of("EUR"));
        assertThatThrownBy(() -> usd.plus(eur)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void parsingUsesTheCurrencysExponent() {
        assertThat(Money.parse("12.99", CurrencyCode.of("USD")).minor()).isEqualTo(1299);
        assertThat(Money.parse("12.9", CurrencyCode.of("USD")).minor()).isEqualTo(1290);
        assertThat(Money.parse("1200", CurrencyCode.of("JPY")).minor()).isEqualTo(1200);
        assertThat(Money.parse("1.234", CurrencyCode.of("KWD")).minor()).isEqualTo(1234);
        assertThat(Money.of(1290, CurrencyCode.of("USD")).toString()).isEqualTo("12.90 USD");
        assertThatThrownBy(() -> Money.parse("12.345", CurrencyCode.of("USD"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Money.parse("12.5", CurrencyCode.of("JPY"))).isInstanceOf(ValidationException.class);
        for (String bad : new String[]{"", "abc", "1,000.00", "1e5", "12.", ".5", "+3", "1 000", "NaN"}) {
            assertThatThrownBy(() -> Money.parse(bad, CurrencyCode.of("USD"))).as(bad)
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Example
    void overflowIsAnErrorNotAWrapAround() {
        Money big = Money.max(CurrencyCode.of("USD"));
        assertThatThrownBy(() -> big.plus(Money.of(1, CurrencyCode.of("USD")))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("beyond the limit of 10000000000000.00 USD");
        assertThatThrownBy(() -> big.times(2)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> big.times(Long.MAX_VALUE)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, CurrencyCode.of("USD"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Money.parse("999999999999999999", CurrencyCode.of("USD")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Money.parse("92233720368547758.07", CurrencyCode.of("USD")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("beyond the limit");
    }

    @Example
    void halfEvenRounding() {
        CurrencyCode usd = CurrencyCode.of("USD");
        assertThat(Money.of(250, usd).percent(100).minor()).isEqualTo(2);   // 2.5 -> 2
        assertThat(Money.of(350, usd).percent(100).minor()).isEqualTo(4);   // 3.5 -> 4
        assertThat(Money.of(1999, usd).percent(1500).minor()).isEqualTo(300); // 299.85 -> 300
    }
}
