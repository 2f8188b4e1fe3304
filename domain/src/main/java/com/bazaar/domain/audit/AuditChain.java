package com.bazaar.domain.audit;

import com.bazaar.domain.shared.Hashing;

import java.util.Optional;

/**
 * The definition of the hash chain, in one place: how a record is linked to its predecessor and how a
 * stored record is checked. The hashed text lists every field with its length, so no two different
 * records can produce the same text (see docs/audit.md).
 */
public final class AuditChain {

    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Links an entry as record {@code seq} after a record whose hash is {@code previousHash}. */
    public static AuditRecord link(AuditEntry entry, long seq, String previousHash) {
        AuditRecord unsigned = new AuditRecord(seq, entry.occurredAt(), entry.actor().name(),
                entry.actor().rolesLabel(), entry.action(), entry.target(), entry.outcome(), entry.before(),
                entry.after(), entry.actor().reason(), entry.actor().correlationId().value(), previousHash, "");
        return withHash(unsigned, hashOf(unsigned));
    }

    /** The hash a record must carry, computed from all its other fields. */
    public static String hashOf(AuditRecord r) {
        StringBuilder text = new StringBuilder(256);
        field(text, Long.toString(r.seq()));
        field(text, r.occurredAt().toString());
        field(text, r.actorName());
        field(text, r.actorRoles());
        field(text, r.action());
        field(text, r.target());
        field(text, r.outcome().name());
        optional(text, r.before());
        optional(text, r.after());
        optional(text, r.reason());
        field(text, r.correlationId());
        field(text, r.previousHash());
        return Hashing.sha256Hex(text.toString());
    }

    private static void field(StringBuilder text, String value) {
        text.append(value.length()).append(':').append(value).append('|');
    }

    private static void optional(StringBuilder text, Optional<String> value) {
        if (value.isPresent()) {
            field(text, value.get());
        } else {
            text.append("-|");
        }
    }

    private static AuditRecord withHash(AuditRecord r, String hash) {
        return new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(), r.target(),
                r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(), hash);
    }
}
