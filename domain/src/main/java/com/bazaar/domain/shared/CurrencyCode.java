package com.bazaar.domain.shared;


import java.util.Currency;
import java.util.Locale;

/** An ISO 4217 currency that has minor units (so funds codes such as XXX or XAU are refused). */
public record CurrencyCode(String value) {

    public CurrencyCode {
        Currency currency = lookup(value);
        if (currency == null || currency.getDefaultFractionDigits() < 0) {
            throw new ValidationException("CURRENCY_INVALID", "currency",
                    "currency must be an ISO 4217 code such as USD, EUR or JPY (got '" + value + "')");
        }
    }

    public static CurrencyCode of(String raw) {
        return new CurrencyCode(raw == null ? null : raw.strip().toUpperCase(Locale.ROOT));
    }

    /** Digits after the decimal point in this currency: JPY 0, USD 2, KWD 3. */
    public int minorDigits() {
        return Currency.getInstance(value).getDefaultFractionDigits();
    }

    private static Currency lookup(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return null;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
