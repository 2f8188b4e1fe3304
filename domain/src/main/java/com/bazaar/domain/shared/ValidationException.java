package com.bazaar.domain.shared;

/** Input that a value object or aggregate refuses: names the field, the reason and the offending value. */
public final class ValidationException extends DomainException {

    private final String field;

    public ValidationException(String code, String field, String message) {
        super(code, message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
