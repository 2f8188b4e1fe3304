package com.bazaar.domain.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The installation's audit key: a secret kept outside the database (a file on every host), with which each record
 * from {@link #keyedFrom()} on is sealed by an HMAC-SHA256, so that whoever holds only database access cannot
 * rewrite the trail unnoticed. Records before {@code keyedFrom} were written before the installation had a key
 * (an upgrade) and are checked as plain SHA-256 only. The verifier takes {@code keyedFrom} from the key, never from
 * the database. The secret never leaves this class except in {@link #fileText()}, and {@link #toString()} shows only
 * the key id.
 */
public final class AuditKey {

    /** Bytes of secret: 256 bits, the size of the HMAC-SHA256 output. */
    public static final int SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] secret;
    private final long keyedFrom;
    private final String id;
    /** Initialised once; each MAC is computed on a clone (a walk over a long trail makes one per record). */
    private final Mac prototype;

    private AuditKey(byte[] secret, long keyedFrom) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("an audit key has " + SECRET_BYTES + " bytes of secret, not "
                    + secret.length);
        }
        if (keyedFrom < 1) {
            throw new IllegalArgumentException("an audit key applies from record 1 or later, not " + keyedFrom);
        }
        this.secret = secret.clone();
        this.keyedFrom = keyedFrom;
        this.prototype = newMac();
        this.id = hmac("bazaar audit key id").substring(0, 16);
    }

    /** A key over these secret bytes (from a strong random source), sealing records {@code keyedFrom} and later. */
    public static AuditKey of(byte[] secret, long keyedFrom) {
        return new AuditKey(secret, keyedFrom);
    }

    /** The first record this key seals; earlier records are plain SHA-256 (written before the key existed). */
    public long keyedFrom() {
        return keyedFrom;
    }

    /** True when record {@code seq} must carry a MAC made with this key. */
    public boolean seals(long seq) {
        return seq >= keyedFrom;
    }

    /** A public fingerprint of the key (16 hex digits), to tell keys apart in messages and anchors; not the key. */
    public String id() {
        return id;
    }

    /** HMAC-SHA256 of the UTF-8 text with this key, as lower-case hex. */
    String hmac(String text) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    /** Compares two hex MACs in constant time (a verifier must not leak how much of a forged MAC was right). */
    static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- the key file's text: defined here, next to the key, so that every host reads it the same way ----

    private static final String FIRST_LINE = "# Bazaar audit key. SECRET: with it and database access the audit trail"
            + " can be rewritten unnoticed.";

    /**
     * The text of the key file (docs/audit.md): comment lines, then {@code version}, {@code key-id},
     * {@code keyed-from} and {@code secret} (64 hex digits), one {@code name: value} per line.
     */
    public String fileText() {
        return FIRST_LINE + "\n"
                + "# Every host of the installation needs this same file (mode 0600). Back it up apart from the"
                + " database:\n"
                + "# without it the trail can no longer be authenticated.\n"
                + "version: 1\n"
                + "key-id: " + id + "\n"
                + "keyed-from: " + keyedFrom + "\n"
                + "secret: " + HEX.formatHex(secret) + "\n";
    }

    /** Reads a key file's text; throws IllegalArgumentException saying what is wrong (never quoting the secret). */
    public static AuditKey parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("line " + number + " is not 'name: value'");
            }
            String name = line.substring(0, colon).strip();
            if (fields.put(name, line.substring(colon + 1).strip()) != null) {
                throw new IllegalArgumentException("'" + name + "' is given twice");
            }
        }
        if (!"1".equals(fields.get("version"))) {
            throw new IllegalArgumentException("it is not a version 1 audit key (no 'version: 1' line)");
        }
        for (String name : fields.keySet()) {
            if (!name.equals("version") && !name.equals("key-id") && !name.equals("keyed-from")
                    && !name.equals("secret")) {
                throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
        String secretHex = fields.get("secret");
        if (secretHex == null || !secretHex.matches("[0-9a-f]{" + 2 * SECRET_BYTES + "}")) {
            throw new IllegalArgumentException("'secret' must be " + 2 * SECRET_BYTES + " lower-case hex digits");
        }
        String from = fields.get("keyed-from");
        if (from == null || !from.matches("[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("'keyed-from' must be a record number, 1 or more");
        }
        AuditKey key = new AuditKey(HEX.parseHex(secretHex), Long.parseLong(from));
        String id = fields.get("key-id");
        if (id != null && !id.equals(key.id)) {
            throw new IllegalArgumentException("its key-id " + id + " does not belong to its secret (" + key.id
                    + "): the file is damaged");
        }
        return key;
    }

    @Override
    public String toString() {
        return "AuditKey[id=" + id + ", keyedFrom=" + keyedFrom + "]"; // never the secret
    }
}
