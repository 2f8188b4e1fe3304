package com.bazaar.domain.shared;

/** The thing addressed does not exist. */
public final class NotFound extends DomainException {
    public NotFound(String code, String message) {
        super(code, message);
    }
}
