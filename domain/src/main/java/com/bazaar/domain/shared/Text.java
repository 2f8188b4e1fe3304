package com.bazaar.domain.shared;

/** Checks shared by value objects that hold human-entered text. */
public final class Text {

    private Text() {
    }

    /** Trims the value and refuses null, blank, too long, or control characters. */
    public static String required(String value, String field, String code, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(code, field, field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw new ValidationException(code, field,
                    field + " must be at most " + maxLength + " characters (got " + trimmed.length() + ")");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(code, field, field + " must not contain control characters");
        }
        return trimmed;
    }
}
