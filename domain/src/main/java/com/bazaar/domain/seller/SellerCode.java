package com.bazaar.domain.seller;

import com.bazaar.domain.shared.ValidationException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The business key of a seller, e.g. {@code ACME}: 2-32 characters, upper-case letters, digits, '-' and '_',
 * starting with a letter. Input is trimmed and upper-cased, so {@code acme} names the same seller.
 */
public record SellerCode(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Z][A-Z0-9_-]{1,31}");

    public SellerCode {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ValidationException("SELLER_CODE_INVALID", "code",
                    "seller code must be 2-32 characters of letters, digits, '-' or '_', starting with a letter (got '"
                            + value + "')");
        }
    }

    public static SellerCode of(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ValidationException("SELLER_CODE_INVALID", "code", "seller code is required");
        }
        return new SellerCode(raw.strip().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
