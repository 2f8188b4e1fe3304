package com.bazaar.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored record of the trail. {@code seq} runs 1, 2, 3... without gaps; {@code previousHash} is the hash
 * of record {@code seq - 1} ({@link AuditChain#GENESIS} for the first) and {@code hash} covers every other field.
 * {@code mac} seals the hash with the installation's audit key ({@link AuditKey}); it is absent only on records
 * written before the installation had a key.
 */
public record AuditRecord(long seq, Instant occurredAt, String actorName, String actorRoles, String action,
                          String target, Outcome outcome, Optional<String> before, Optional<String> after,
                          Optional<String> reason, String correlationId, String previousHash, String hash,
                          Optional<String> mac) {

    public AuditRecord {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actorName, "actorName");
        Objects.requireNonNull(actorRoles, "actorRoles");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(mac, "mac");
    }
}
