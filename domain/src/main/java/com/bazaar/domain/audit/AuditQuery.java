package com.bazaar.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for reading the trail: records at or after {@code since}, by actor name, by target (exact, or a
 * prefix when it ends with {@code *}), at most {@code limit} of the newest matches.
 */
public record AuditQuery(Optional<Instant> since, Optional<String> actor, Optional<String> target, int limit) {

    public AuditQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        if (limit < 1 || limit > 100_000) {
            throw new com.bazaar.domain.shared.ValidationException("LIMIT_INVALID", "limit",
                    "limit must be between 1 and 100000 (got " + limit + ")");
        }
    }
}
