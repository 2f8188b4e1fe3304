package com.bazaar.domain.catalog;

import com.bazaar.domain.shared.ValidationException;

import java.util.regex.Pattern;

/**
 * A seller's stock-keeping unit: 1-64 letters, digits, '-', '_' or '.', trimmed; unique per seller. A value that
 * looks like a spreadsheet's scientific notation ({@code 3.65275E+11}) is refused with a hint.
 */
public record Sku(String value) implements Comparable<Sku> {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SCIENTIFIC = Pattern.compile("\\d+(\\.\\d+)?[eE][+-]?\\d+");

    public Sku {
        if (value == null || !FORMAT.matcher(value).matches()) {
            String hint = value != null && SCIENTIFIC.matcher(value.replace("+", "")).matches()
                    || value != null && value.matches("\\d+(\\.\\d+)?[eE][+-]\\d+")
                    ? " - it looks like a number a spreadsheet turned into scientific notation; format the column as text"
                    : "";
            throw new ValidationException("SKU_INVALID", "sku",
                    "SKU must be 1-64 letters, digits, '-', '_' or '.' (got '" + value + "')" + hint);
        }
    }

    public static Sku of(String raw) {
        return new Sku(raw == null ? null : raw.strip());
    }

    @Override
    public int compareTo(Sku other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
