package com.bazaar.domain.shared;

/**
 * A refusal the caller can act on. Each subtype is one kind of refusal; front ends map the kind to an
 * exit code (see docs/domain_model.md). The message is one clear sentence meant for a person.
 */
public abstract sealed class DomainException extends RuntimeException
        permits ValidationException, PermissionDenied, NotFound, Conflict, RuleViolation, RateLimited {

    private final String code;

    protected DomainException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable, machine-readable reason code such as {@code SELLER_CODE_INVALID}. */
    public String code() {
        return code;
    }
}
