package com.bazaar.domain.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of money: whole minor units (cents, yen, fils) and a currency. Never floating point. Arithmetic
 * across currencies is an error; text is parsed with the currency's own exponent (JPY 0, USD 2, KWD 3), with the
 * ASCII digits 0-9 only, and extra precision is refused rather than rounded.
 *
 * <p>Every amount is bounded: {@code |minor| <= MAX_MINOR} (10^15 minor units, e.g. 10,000,000,000,000.00 USD),
 * refused at construction with {@code AMOUNT_TOO_LARGE} - so a result out of range is a refusal, never an overflow.
 * The bound keeps the arithmetic of one order, one payment or one settlement line far inside a {@code long}; sums over
 * many of them (ledger balances, report totals) are {@link MoneyTotal}s, computed in {@code numeric} by the database.
 * docs/invariants.md (M3) lists every limit.
 */
public record Money(long minor, CurrencyCode currency) implements Comparable<Money> {

    /** The largest amount (in minor units, either sign) any price, line, order, payment, refund or posting has. */
    public static final long MAX_MINOR = 1_000_000_000_000_000L;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minor > MAX_MINOR || minor < -MAX_MINOR) {
            throw tooLarge("amount " + BigDecimal.valueOf(minor, currency.minorDigits()).toPlainString() + " "
                    + currency, currency);
        }
    }

    /** The largest amount in this currency. */
    public static Money max(CurrencyCode currency) {
        return new Money(MAX_MINOR, currency);
    }

    private static ValidationException tooLarge(String what, CurrencyCode currency) {
        return new ValidationException("AMOUNT_TOO_LARGE", "amount", what + " is beyond the limit of "
                + BigDecimal.valueOf(MAX_MINOR, currency.minorDigits()).toPlainString() + " " + currency
                + " for any single amount");
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
        if (!Numbers.isPlainDecimal(raw)) {
            throw new ValidationException("AMOUNT_INVALID", "amount", "amount must be a plain decimal such as 12.99,"
                    + " written with the digits 0-9 (got '" + Numbers.abbreviated(raw) + "')");
        }
        int point = raw.indexOf('.');
        if (point >= 0 && raw.length() - point - 1 > currency.minorDigits()) {
            throw precision(raw, currency);
        }
        BigDecimal value;
        try {
            // the shape and the decimals are checked; more than 19 digits before the point is beyond any limit
            value = Numbers.decimal(raw, "amount", "AMOUNT_TOO_LARGE", 19, currency.minorDigits());
        } catch (ValidationException tooManyDigits) {
            throw tooLarge("amount " + Numbers.abbreviated(raw) + " " + currency, currency);
        }
        BigDecimal minor = value.movePointRight(currency.minorDigits());
        if (minor.abs().compareTo(BigDecimal.valueOf(MAX_MINOR)) > 0) {
            throw tooLarge("amount " + raw + " " + currency, currency);
        }
        return new Money(minor.longValueExact(), currency);
    }

    private static ValidationException precision(String raw, CurrencyCode currency) {
        return new ValidationException("AMOUNT_PRECISION", "amount", "amount " + Numbers.abbreviated(raw) + " has more decimals than "
                + currency + " allows (" + currency.minorDigits() + ")");
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

    private long exact(java.util.function.LongSupplier op) {
        try {
            return op.getAsLong();
        } catch (ArithmeticException e) {
            throw tooLarge("the result", currency);
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
