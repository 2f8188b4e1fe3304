package com.bazaar.domain.audit;

import com.bazaar.domain.shared.Hashing;
import com.bazaar.domain.shared.RuleViolation;

import java.util.Optional;

/**
 * The definition of the chain, in one place: how a record is linked to its predecessor, how it is sealed with the
 * installation's audit key, and how a stored record is checked. The hashed text lists every field with its length,
 * so no two different records can produce the same text; the hash is plain SHA-256 (anyone can recompute it, e.g.
 * an auditor checking an export against anchors) and the MAC is HMAC-SHA256 of the hash with the audit key (only
 * key holders can make or check it). See docs/audit.md.
 */
public final class AuditChain {

    /** The "previous hash" of the first record of stripe 1 (the whole trail's, before it had stripes). */
    public static final String GENESIS = "0".repeat(64);

    /** The most stripes a trail can have (the schema's CHECK agrees). */
    public static final int MAX_STRIPES = 64;

    /**
     * The action of a checkpoint record: appended to stripe 1 with every head locked, it names each stripe's head
     * ({@link #checkpointOf}), so an anchor of the checkpoint covers every stripe (ADR 0015).
     */
    public static final String CHECKPOINT = "audit.checkpoint";

    /** One stripe's head as a checkpoint names it: its last record's seq and hash (0 and its genesis when empty). */
    public record Head(int stripe, long seq, String hash) {
        public Head {
            if (stripe < 1 || stripe > MAX_STRIPES || seq < 0 || hash == null || hash.length() != 64) {
                throw new IllegalArgumentException("not a chain head: stripe " + stripe + ", record " + seq);
            }
        }
    }

    private AuditChain() {
    }

    /**
     * Links an entry as record {@code seq} after a record whose hash is {@code previousHash}, sealed with the key.
     * Refuses a record the key does not cover: the trail is then shorter than when the key was made.
     */
    public static AuditRecord link(AuditEntry entry, long seq, String previousHash, AuditKey key) {
        return link(entry, seq, 1, previousHash, key);
    }

    /** As {@link #link(AuditEntry, long, String, AuditKey)}, in stripe {@code stripe}. */
    public static AuditRecord link(AuditEntry entry, long seq, int stripe, String previousHash, AuditKey key) {
        if (!key.seals(seq)) {
            throw new RuleViolation("AUDIT_TRAIL_SHORTER_THAN_KEY", "the audit trail ends at record " + (seq - 1)
                    + ", but the audit key (id " + key.id() + ") was made when it already held " + (key.keyedFrom() - 1)
                    + " records: records were removed; nothing is written until this is investigated"
                    + " (runbooks/alert-audit-chain-broken.md)");
        }
        AuditRecord unsealed = new AuditRecord(seq, entry.occurredAt(), entry.actor().name(),
                entry.actor().rolesLabel(), entry.action(), entry.target(), entry.outcome(), entry.before(),
                entry.after(), entry.actor().reason(), entry.actor().correlationId().value(), previousHash, "",
                Optional.empty(), stripe);
        String hash = hashOf(unsealed);
        return with(unsealed, hash, Optional.of(macOf(hash, key)));
    }

    /** The hash a record must carry, computed from all its other fields (plain SHA-256: no key). */
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

    /** The MAC a record with this hash carries: HMAC-SHA256 with the audit key over the hash's 64 hex digits. */
    public static String macOf(String hash, AuditKey key) {
        return key.hmac(hash);
    }

    /**
     * What is wrong with a stored record on its own (its content against its hash and, when a key is given and
     * covers it, its MAC), or empty when it checks out. Links between records are the walker's business.
     */
    public static Optional<String> problemWith(AuditRecord r, Optional<AuditKey> key) {
        if (!hashOf(r).equals(r.hash())) {
            return Optional.of("record " + r.seq() + " was altered after it was written (its content no longer"
                    + " matches its hash " + abbreviate(r.hash()) + ")");
        }
        if (key.isPresent() && key.get().seals(r.seq())) {
            if (r.mac().isEmpty()) {
                return Optional.of("record " + r.seq() + " carries no MAC, but the audit key (id " + key.get().id()
                        + ") seals every record from " + key.get().keyedFrom() + " on: it was rewritten without the key");
            }
            if (!AuditKey.same(macOf(r.hash(), key.get()), r.mac().get())) {
                return Optional.of("record " + r.seq() + " does not match its MAC under the audit key (id "
                        + key.get().id() + "): it was rewritten by someone without the key, or signed with another key");
            }
        }
        return Optional.empty();
    }

    /**
     * The previous hash of a stripe's first record: the 64 zeros for stripe 1 (so the single chain of before V31 is
     * stripe 1 unchanged), SHA-256 of "bazaar audit stripe N" for stripe N (the migration computes the same).
     */
    public static String genesis(int stripe) {
        if (stripe < 1 || stripe > MAX_STRIPES) {
            throw new IllegalArgumentException("stripe " + stripe + " is not between 1 and " + MAX_STRIPES);
        }
        return stripe == 1 ? GENESIS : STRIPE_GENESIS[stripe];
    }

    private static final String[] STRIPE_GENESIS = new String[MAX_STRIPES + 1];

    static {
        for (int s = 2; s <= MAX_STRIPES; s++) {
            STRIPE_GENESIS[s] = Hashing.sha256Hex("bazaar audit stripe " + s);
        }
    }

    /** The {@code after} of a checkpoint record naming these heads. */
    public static java.util.Map<String, Object> checkpointOf(java.util.List<Head> heads) {
        java.util.List<Object> named = new java.util.ArrayList<>();
        for (Head h : heads) {
            java.util.Map<String, Object> head = new java.util.LinkedHashMap<>();
            head.put("stripe", h.stripe());
            head.put("seq", h.seq());
            head.put("hash", h.hash());
            named.add(head);
        }
        java.util.Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("heads", named);
        return after;
    }

    /**
     * The heads a checkpoint record names, or empty when the record is not a well-formed checkpoint (a record with
     * the checkpoint's action but no such content is itself a problem the walker reports).
     */
    public static Optional<java.util.List<Head>> headsOf(AuditRecord r) {
        if (!CHECKPOINT.equals(r.action()) || r.after().isEmpty()) {
            return Optional.empty();
        }
        try {
            Object heads = com.bazaar.domain.shared.Json.readObject(r.after().get()).get("heads");
            if (!(heads instanceof java.util.List<?> list) || list.size() > MAX_STRIPES) {
                return Optional.empty();
            }
            java.util.List<Head> named = new java.util.ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof java.util.Map<?, ?> m) || !(m.get("stripe") instanceof Long stripe)
                        || !(m.get("seq") instanceof Long seq) || !(m.get("hash") instanceof String hash)) {
                    return Optional.empty();
                }
                named.add(new Head(Math.toIntExact(stripe), seq, hash));
            }
            return Optional.of(named);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The first 12 hex digits and an ellipsis: enough to tell hashes apart in a message. */
    public static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }

    static void field(StringBuilder text, String value) {
        text.append(value.length()).append(':').append(value).append('|');
    }

    private static void optional(StringBuilder text, Optional<String> value) {
        if (value.isPresent()) {
            field(text, value.get());
        } else {
            text.append("-|");
        }
    }

    private static AuditRecord with(AuditRecord r, String hash, Optional<String> mac) {
        return new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(), r.target(),
                r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(), hash, mac, r.stripe());
    }
}
