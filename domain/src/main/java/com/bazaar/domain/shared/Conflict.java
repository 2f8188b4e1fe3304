package com.bazaar.domain.shared;

/** The request collides with existing state: a duplicate key, or an idempotency key reused with other content. */
public final class Conflict extends DomainException {
    public Conflict(String code, String message) {
        super(code, message);
    }
}
