package com.bazaar.domain.shared;

import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.order.LineRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbers are read from untrusted text with the ASCII digits 0-9 only: no string holding any other Unicode digit
 * (fullwidth, Arabic-Indic, Devanagari, mathematical...) is ever accepted by any parser the domain offers, although
 * Java's own parsers would read many of them as numbers.
 */
class NumbersProperties {

    /** Every Unicode decimal digit that is not an ASCII one (BMP and supplementary planes). */
    private static final List<String> OTHER_DIGITS = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
            .filter(Character::isDigit).filter(c -> c < '0' || c > '9')
            .mapToObj(Character::toString).toList();

    @Provide
    Arbitrary<String> withANonAsciiDigit() {
        Arbitrary<String> ascii = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(6);
        Arbitrary<String> other = Arbitraries.of(OTHER_DIGITS);
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> fraction = Arbitraries.of("", ".5", ".05", ".");
        return Combinators.combine(sign, ascii, other, ascii, fraction).as((s, a, o, b, f) -> s + a + o + b + f);
    }

    @Property(tries = 2000)
    void noStringHoldingANonAsciiDigitIsEverAccepted(@ForAll("withANonAsciiDigit") String text) {
        CurrencyCode usd = CurrencyCode.of("USD");
        assertThat(Numbers.isAsciiDigits(text)).isFalse();
        assertThat(Numbers.isPlainDecimal(text)).isFalse();
        List<Consumer<String>> parsers = new ArrayList<>();
        parsers.add(t -> Numbers.whole(t, "n", "N_INVALID", Long.MIN_VALUE, Long.MAX_VALUE));
        parsers.add(t -> Numbers.wholeInt(t, "n", "N_INVALID", Integer.MIN_VALUE, Integer.MAX_VALUE));
        parsers.add(t -> Numbers.id(t, "id", "ID_INVALID", "an id is a number"));
        parsers.add(t -> Numbers.decimal(t, "n", "N_INVALID", 40, 40));
        parsers.add(t -> Money.parse(t, usd));
        parsers.add(t -> Money.parse(t, CurrencyCode.of("JPY")));
        parsers.add(t -> LineRequest.parse("MUG-01:" + t));
        parsers.add(t -> Stock.onHand(t, "on_hand"));
        parsers.add(t -> Stock.delta(t, "delta"));
        for (Consumer<String> parser : parsers) {
            assertThatThrownBy(() -> parser.accept(text)).as("'%s'", text).isInstanceOf(ValidationException.class);
        }
    }

    @Property
    void asciiWholeNumbersReadBackExactly(@ForAll long n) {
        assertThat(Numbers.whole(Long.toString(n), "n", "N_INVALID", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(n);
        assertThat(Numbers.whole(" " + n + " ", "n", "N_INVALID", n, n)).isEqualTo(n);
    }

    @Property
    void aWholeNumberOutOfRangeIsRefusedNamingTheRange(@ForAll @LongRange(min = 1_000_000_001L) long n) {
        assertThatThrownBy(() -> Numbers.whole(Long.toString(n), "delta", "DELTA_INVALID", -1_000_000_000L,
                1_000_000_000L)).isInstanceOf(ValidationException.class)
                .hasMessage("delta must be between -1000000000 and 1000000000 (got " + n + ")");
    }

    @Example
    void numbersBeyondALongAreOutOfRangeNotAFailure() {
        assertThatThrownBy(() -> Numbers.whole("99999999999999999999999", "n", "N_INVALID", 0, 10))
                .isInstanceOf(ValidationException.class).hasMessageContaining("between 0 and 10");
        assertThatThrownBy(() -> Numbers.whole("9".repeat(10_000), "n", "N_INVALID", 0, 10))
                .isInstanceOf(ValidationException.class).hasMessageContaining("(10000 characters)");
        assertThatThrownBy(() -> Numbers.id("99999999999999999999", "id", "ID_INVALID", "an id"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Numbers.id("0", "id", "ID_INVALID", "an id")).isInstanceOf(ValidationException.class);
    }

    @Example
    void javasOwnParsersWouldAcceptThemWhichIsWhyTheyAreNeverUsedOnInput() {
        assertThat(Long.parseLong("１２")).isEqualTo(12);                                  // fullwidth
        assertThat(Integer.valueOf("٣")).isEqualTo(3);                                    // Arabic-Indic
        assertThat(new java.math.BigDecimal("１.５")).isEqualByComparingTo("1.5");
        assertThat(OTHER_DIGITS).hasSizeGreaterThan(600);
    }

    /** Text near the shape of a decimal: signs, digits, points, zeros, a blank, a letter, another script's digit. */
    @Provide
    Arbitrary<String> nearlyDecimals() {
        return Arbitraries.strings().withChars("-+0012.9 x\u0663").ofMinLength(0).ofMaxLength(8);
    }

    /** The hand-written reader accepts exactly what the regex it replaced accepted, and reads the same value. */
    @Property(tries = 5000)
    void aPlainDecimalIsWhatTheRegexItReplacedAccepted(@ForAll("nearlyDecimals") String text) {
        boolean regex = text.matches("(-?)([0-9]+)(?:\\.([0-9]+))?");
        assertThat(Numbers.isPlainDecimal(text)).as("'%s'", text).isEqualTo(regex);
        if (regex && text.replace("-", "").replace(".", "").length() <= 12) {
            assertThat(Numbers.decimal(text, "n", "N_INVALID", 12, 12)).as("'%s'", text)
                    .isEqualByComparingTo(new java.math.BigDecimal(text));
        }
    }

    @Example
    void idsIgnoreLeadingZerosAndRefuseZero() {
        assertThat(Numbers.id("007", "id", "ID_INVALID", "an id")).isEqualTo(7);
        assertThat(Numbers.id("000000000000000000000123456789012345678", "id", "ID_INVALID", "an id"))
                .isEqualTo(123456789012345678L);
        assertThatThrownBy(() -> Numbers.id("000", "id", "ID_INVALID", "an id")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Numbers.id("1234567890123456789", "id", "ID_INVALID", "an id"))
                .isInstanceOf(ValidationException.class);
    }
}
