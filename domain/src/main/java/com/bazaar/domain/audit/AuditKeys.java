package com.bazaar.domain.audit;

import java.util.Optional;

/**
 * Port: where this host keeps the installation's audit key, outside the database (a file under $BAZAAR_HOME, or one
 * named by configuration and shared by every host). The adapter refuses a key kept unsafely (readable by others, a
 * symbolic link, another owner) rather than use it.
 */
public interface AuditKeys {

    /** Where the key is expected, for messages (a path); never the key itself. */
    String location();

    /** The key, if this host has one; refuses (throws, with one sentence) a key that exists but is unusable. */
    Optional<AuditKey> find();

    /**
     * The key; when this host has none, refuses with one sentence saying where it should be, so that no record is
     * ever appended unsealed to a keyed installation.
     */
    AuditKey key();

    /** Stores a new key where {@link #location()} says; refuses when a key is there already. */
    void create(AuditKey key);
}
