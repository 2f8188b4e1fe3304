package com.bazaar.domain.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint of the chain kept outside the database: "at {@code at}, record {@code seq} was the head and had hash
 * {@code hash}", written by {@code by} and sealed with the audit key. The verifier later requires that record to
 * still carry that hash, and the trail to reach at least that record: this catches a removed tail, which the keyed
 * chain alone cannot see. One anchor is one line of the anchors file (format in docs/audit.md).
 */
public record AuditAnchor(long seq, String hash, Instant at, String by, String keyId, String mac) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BY = Pattern.compile("[a-z][a-z0-9:._-]{0,79}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern LINE = Pattern.compile(
            "v1 seq=(0|[1-9][0-9]{0,17}) hash=([0-9a-f]{64}) at=(\\S+) by=(\\S+) key=([0-9a-f]{16}) mac=([0-9a-f]{64})");

    /** The longest line an anchor can have; a reader refuses longer ones without holding them. */
    public static final int MAX_LINE = 300;

    public AuditAnchor {
        if (seq < 0) {
            throw new IllegalArgumentException("an anchor names record 0 or later");
        }
        Objects.requireNonNull(at, "at");
        require(HEX64, hash, "hash");
        require(BY, by, "by");
        require(KEY_ID, keyId, "key");
        require(HEX64, mac, "mac");
    }

    private static void require(Pattern pattern, String value, String name) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + name + "' is malformed");
        }
    }

    /** Anchors record {@code seq} with {@code hash} as seen at {@code at} by {@code by}, sealed with the key. */
    public static AuditAnchor sign(AuditKey key, long seq, String hash, Instant at, String by) {
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        return new AuditAnchor(seq, hash, second, by, key.id(), key.hmac(text(seq, hash, second, by)));
    }

    /** The text the MAC covers: a fixed prefix, then seq, hash, time and writer, each length-prefixed. */
    private static String text(long seq, String hash, Instant at, String by) {
        StringBuilder text = new StringBuilder("bazaar-audit-anchor-v1|");
        AuditChain.field(text, Long.toString(seq));
        AuditChain.field(text, hash);
        AuditChain.field(text, at.toString());
        AuditChain.field(text, by);
        return text.toString();
    }

    /** The line written to the anchors file (without its newline). */
    public String line() {
        return "v1 seq=" + seq + " hash=" + hash + " at=" + at + " by=" + by + " key=" + keyId + " mac=" + mac;
    }

    /** Reads one line of an anchors file; throws IllegalArgumentException saying what is wrong. */
    public static AuditAnchor parse(String line) {
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException("it is longer than an anchor can be");
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("it is not an anchor line ('v1 seq=N hash=H at=T by=U key=K mac=M')");
        }
        Instant at;
        try {
            at = Instant.parse(m.group(3));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its time '" + m.group(3) + "' is not an ISO-8601 instant");
        }
        return new AuditAnchor(Long.parseLong(m.group(1)), m.group(2), at, m.group(4), m.group(5), m.group(6));
    }

    /** What is wrong with this anchor under the key (another key, or a MAC that does not check), if anything. */
    public Optional<String> problemUnder(AuditKey key) {
        if (!keyId.equals(key.id())) {
            return Optional.of("it was signed with audit key " + keyId + ", not with this installation's key "
                    + key.id());
        }
        if (!AuditKey.same(key.hmac(text(seq, hash, at, by)), mac)) {
            return Optional.of("its MAC does not check with the audit key: the line was altered or forged");
        }
        return Optional.empty();
    }
}
