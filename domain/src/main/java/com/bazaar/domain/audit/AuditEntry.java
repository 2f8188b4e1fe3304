package com.bazaar.domain.audit;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a use case asks the trail to record. The trail adds the sequence number and the hash link.
 * Time is kept to the microsecond, the precision of the database column, so the stored record hashes the same.
 */
public record AuditEntry(Instant occurredAt, Actor actor, String action, String target, Outcome outcome,
                         Optional<String> before, Optional<String> after) {

    public AuditEntry {
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    public static AuditEntry change(Instant at, Actor actor, String action, String target,
                                    Map<String, Object> before, Map<String, Object> after) {
        return new AuditEntry(at, actor, action, target, Outcome.SUCCESS,
                Optional.ofNullable(before).map(Json::write), Optional.ofNullable(after).map(Json::write));
    }

    public static AuditEntry denied(Instant at, Actor actor, String action, String target) {
        return new AuditEntry(at, actor, action, target, Outcome.DENIED, Optional.empty(), Optional.empty());
    }
}
