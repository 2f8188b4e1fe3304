package com.bazaar.domain.order;

import com.bazaar.domain.shared.ValidationException;

import java.util.regex.Pattern;

/** Who buys: the marketplace's buyer reference (an id or e-mail), 1-100 of letters, digits and @ . _ + -. */
public record Buyer(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9@._+-]{1,100}");

    public Buyer {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ValidationException("BUYER_INVALID", "buyer",
                    "buyer must be 1-100 letters, digits or @ . _ + - (got '" + value + "')");
        }
    }

    public static Buyer of(String raw) {
        return new Buyer(raw == null ? null : raw.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
