package com.bazaar.domain.shared;

/** A business rule refuses the request in the current state (for example: revoking the last admin). */
public final class RuleViolation extends DomainException {
    public RuleViolation(String code, String message) {
        super(code, message);
    }
}
