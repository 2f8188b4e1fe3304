package com.bazaar.domain.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of money: whole minor units (cents, yen, fils) and a currency. Never floating point. Arithmetic
 * across currencies is an error; overflow is an error; text is parsed with the currency's own exponent
 * (JPY 0, USD 2, KWD 3) and extra precision is refused rather than rounded.
 */
public record Money(long minor, CurrencyCode currency) implements Comparable<Money> {

    private static final Pattern DECIMAL = Pattern.compile("(-?)(\\d{1,18})(?:\\.(\\d+))?");

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(long minor, CurrencyCode currency) {
        return new Money(minor, currency);
    }

    public static Money zero(CurrencyCode currency) {
        return new Money(0, currency);
    }

    /**
     * Parses {@code 12.99}, {@code 12}, {@code -0.5} in the given currency. Refuses more decimals than the
     * currency has, thousands separators, exponents and anything else that is not a plain decimal.
     */
    public static Money parse(String text, CurrencyCode currency) {
        Objects.requireNonNull(currency, "currency");
        String raw = text == null ? "" : text.strip();
        Matcher m = DECIMAL.matcher(raw);
        if (!m.matches()) {
            throw new ValidationException("AMOUNT_INVALID", "amount", "amount must be a plain decimal such as 12.99"
                    + " (got '" + raw + "')");
        }
        int digits = currency.minorDigits();
        String fraction = m.group(3) == null ? "" : m.group(3);
        if (fraction.length() > digits) {
            throw new ValidationException("AMOUNT_PRECISION", "amount", "amount " + raw + " has more decimals than "
                    + currency + " allows (" + digits + ")");
        }
        try {
            long whole = Long.parseLong(m.group(2));
            long minor = Math.addExact(Math.multiplyExact(whole, pow10(digits)),
                    fraction.isEmpty() ? 0 : Long.parseLong(fraction) * pow10(digits - fraction.length()));
            return new Money(m.group(1).isEmpty() ? minor : -minor, currency);
        } catch (ArithmeticException e) {
            throw new ValidationException("AMOUNT_TOO_LARGE", "amount", "amount " + raw + " is too large");
        }
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    public Money plus(Money other) {
        return new Money(exact(() -> Math.addExact(minor, same(other).minor)), currency);
    }

    public Money minus(Money other) {
        return new Money(exact(() -> Math.subtractExact(minor, same(other).minor)), currency);
    }

    public Money times(long factor) {
        return new Money(exact(() -> Math.multiplyExact(minor, factor)), currency);
    }

    public Money negate() {
        return new Money(exact(() -> Math.negateExact(minor)), currency);
    }

    /** {@code basisPoints}/10000 of this amount, rounded half-even to whole minor units (1 bp = 0.01 %). */
    public Money percent(int basisPoints) {
        BigDecimal exact = BigDecimal.valueOf(minor).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_EVEN);
        return new Money(exact.longValueExact(), currency);
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean isPositive() {
        return minor > 0;
    }

    public boolean isNegative() {
        return minor < 0;
    }

    public boolean isZero() {
        return minor == 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(minor, same(other).minor);
    }

    private Money same(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
        return other;
    }

    private static long exact(java.util.function.LongSupplier op) {
        try {
            return op.getAsLong();
        } catch (ArithmeticException e) {
            throw new ValidationException("AMOUNT_TOO_LARGE", "amount", "amount out of range");
        }
    }

    /** The amount as a plain decimal in its currency's exponent, e.g. {@code 12.90} or {@code 1200} (JPY). */
    public String decimal() {
        int digits = currency.minorDigits();
        BigDecimal value = BigDecimal.valueOf(minor, digits);
        return value.toPlainString();
    }

    @Override
    public String toString() {
        return decimal() + " " + currency;
    }
}
