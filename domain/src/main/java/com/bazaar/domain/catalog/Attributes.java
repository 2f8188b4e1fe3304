package com.bazaar.domain.catalog;

import com.bazaar.domain.shared.ValidationException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** A product's small set of attributes: at most 50 pairs, keys 1-64 of [A-Za-z0-9_.-], values up to 500 characters. */
public record Attributes(Map<String, String> values) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final Attributes NONE = new Attributes(Map.of());

    public Attributes {
        if (values.size() > 50) {
            throw new ValidationException("ATTRIBUTES_INVALID", "attributes",
                    "at most 50 attributes are allowed (got " + values.size() + ")");
        }
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k == null || !KEY.matcher(k).matches()) {
                throw new ValidationException("ATTRIBUTES_INVALID", "attributes",
                        "attribute names are 1-64 letters, digits, '_', '.' or '-' (got '" + k + "')");
            }
            if (v == null || v.length() > 500 || v.chars().anyMatch(Character::isISOControl)) {
                throw new ValidationException("ATTRIBUTES_INVALID", "attributes",
                        "attribute " + k + " must have a value of at most 500 printable characters");
            }
            sorted.put(k, v);
        });
        values = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }
}
