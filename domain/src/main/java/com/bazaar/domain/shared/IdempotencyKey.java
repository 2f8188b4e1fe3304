package com.bazaar.domain.shared;

import java.util.regex.Pattern;

/**
 * A caller-chosen key that makes a mutating command safe to repeat: the same key with the same content
 * returns the original outcome; with different content it is refused as a {@link Conflict}.
 */
public record IdempotencyKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    public IdempotencyKey {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ValidationException("IDEMPOTENCY_KEY_INVALID", "idempotency-key",
                    "idempotency key must be 1-128 letters, digits or . _ : / - (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
