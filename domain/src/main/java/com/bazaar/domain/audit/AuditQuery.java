package com.bazaar.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for reading the trail: records at or after {@code since}, by actor name, by target (exact, or a
 * prefix when it ends with {@code *}). Pages go back in time: the newest matches first, then those before them.
 */
public record AuditQuery(Optional<Instant> since, Optional<String> actor, Optional<String> target) {

    public AuditQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
    }
}
