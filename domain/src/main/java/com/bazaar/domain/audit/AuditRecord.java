package com.bazaar.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored record of the trail, in chain stripe {@code stripe} (ADR 0015). {@code seq} rises through the trail (a
 * rolled-back append leaves a gap) and orders it for reading; {@code previousHash} is the hash of the previous record
 * of the same stripe ({@link AuditChain#genesis} of the stripe for its first) and {@code hash} covers every other
 * field but the stripe, which the stripe's own genesis binds. {@code mac} seals the hash with the installation's audit
 * key ({@link AuditKey}); it is absent only on records written before the installation had a key.
 */
public record AuditRecord(long seq, Instant occurredAt, String actorName, String actorRoles, String action,
                          String target, Outcome outcome, Optional<String> before, Optional<String> after,
                          Optional<String> reason, String correlationId, String previousHash, String hash,
                          Optional<String> mac, int stripe) {

    /** A record of stripe 1: every record written before the trail had stripes (V31), and tests' single chains. */
    public AuditRecord(long seq, Instant occurredAt, String actorName, String actorRoles, String action, String target,
                       Outcome outcome, Optional<String> before, Optional<String> after, Optional<String> reason,
                       String correlationId, String previousHash, String hash, Optional<String> mac) {
        this(seq, occurredAt, actorName, actorRoles, action, target, outcome, before, after, reason, correlationId,
                previousHash, hash, mac, 1);
    }

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
