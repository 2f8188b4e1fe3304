package com.bazaar.domain.identity;

import com.bazaar.domain.shared.ValidationException;

import java.util.regex.Pattern;

/** A user's login name: 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter. */
public record UserName(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    public UserName {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ValidationException("USER_NAME_INVALID", "name",
                    "user name must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter (got '"
                            + value + "')");
        }
    }

    public static UserName of(String raw) {
        return new UserName(raw == null ? null : raw.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
