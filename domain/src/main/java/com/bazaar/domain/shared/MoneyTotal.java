package com.bazaar.domain.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A sum of many amounts in one currency - a ledger balance, a report total - as exact minor units of any size. One
 * {@link Money} is bounded (10^15 minor units), but a balance over millions of captures is not: the database sums
 * {@code bigint} columns into {@code numeric}, and the result is read and carried as a {@code BigInteger}, so no total
 * ever overflows, however long the ledger grows.
 */
public record MoneyTotal(BigInteger minor, CurrencyCode currency) {

    public MoneyTotal {
        Objects.requireNonNull(minor, "minor");
        Objects.requireNonNull(currency, "currency");
    }

    /** A total the database computed as {@code numeric}; refuses a value with a fraction (a sum of minor units has none). */
    public static MoneyTotal of(BigDecimal minor, CurrencyCode currency) {
        return new MoneyTotal(minor.toBigIntegerExact(), currency);
    }

    public static MoneyTotal of(Money money) {
        return new MoneyTotal(BigInteger.valueOf(money.minor()), money.currency());
    }

    public MoneyTotal plus(Money money) {
        if (!currency.equals(money.currency())) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + money.currency());
        }
        return new MoneyTotal(minor.add(BigInteger.valueOf(money.minor())), currency);
    }

    public boolean isZero() {
        return minor.signum() == 0;
    }

    /** The total as a plain decimal in its currency's exponent, e.g. {@code 184467440737095516.14}. */
    public String decimal() {
        return new BigDecimal(minor, currency.minorDigits()).toPlainString();
    }

    @Override
    public String toString() {
        return decimal() + " " + currency;
    }
}
