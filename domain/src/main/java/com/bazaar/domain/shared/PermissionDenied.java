package com.bazaar.domain.shared;

/** The actor is not allowed to do this, or could not be authenticated. */
public final class PermissionDenied extends DomainException {
    public PermissionDenied(String code, String message) {
        super(code, message);
    }
}
