package com.bazaar.domain.shared;

import java.util.Optional;

/** Port: the record of idempotency keys already used, backed by a primary key in the database. */
public interface IdempotencyKeys {

    /** A key used before: which operation, the digest of its request, and a reference to its outcome. */
    record Claimed(String operation, String fingerprint, String reference) {
    }

    /**
     * Claims the key for this transaction. Returns empty when the claim is new; returns the earlier use
     * when the key is taken (waiting for a concurrent claimer to commit or roll back first).
     */
    Optional<Claimed> claim(IdempotencyKey key, String operation, String fingerprint);

    /** Whether the key was used by a committed request (one whose outcome is stored). */
    boolean used(IdempotencyKey key);

    /** Stores the reference to the outcome of a claim made in this transaction. */
    void complete(IdempotencyKey key, String reference);
}
