package com.bazaar.domain.shared;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a mutating use case at most once per idempotency key. Must be called inside the use case's
 * transaction: the key is claimed in the same transaction as the change, so a crash leaves neither.
 * The database's primary key on the key makes a concurrent duplicate wait and then replay.
 */
public final class Idempotency {

    private final IdempotencyKeys keys;

    public Idempotency(IdempotencyKeys keys) {
        this.keys = keys;
    }

    /** Whether a committed request used this key already (a request with it would be a replay). */
    public boolean used(IdempotencyKey key) {
        return keys.used(key);
    }

    /**
     * @param key         the caller's key, or empty when the caller gave none (the work then simply runs)
     * @param operation   the use case, e.g. {@code seller.create}
     * @param fingerprint a canonical description of the request content, including the actor
     * @param work        the change; returns the outcome
     * @param reference   how to remember the outcome (e.g. the created seller's code)
     * @param replay      how to rebuild the outcome from the remembered reference
     */
    public <R> R once(Optional<IdempotencyKey> key, String operation, String fingerprint,
                      Supplier<R> work, Function<R, String> reference, Function<String, R> replay) {
        if (key.isEmpty()) {
            return work.get();
        }
        String digest = Hashing.sha256Hex(operation + "\n" + fingerprint);
        Optional<IdempotencyKeys.Claimed> earlier = keys.claim(key.get(), operation, digest);
        if (earlier.isPresent()) {
            IdempotencyKeys.Claimed claimed = earlier.get();
            if (!claimed.operation().equals(operation) || !claimed.fingerprint().equals(digest)) {
                throw new Conflict("IDEMPOTENCY_KEY_REUSED", "idempotency key '" + key.get().value()
                        + "' was already used for a different request (" + claimed.operation() + ")");
            }
            return replay.apply(claimed.reference());
        }
        R outcome = work.get();
        keys.complete(key.get(), reference.apply(outcome));
        return outcome;
    }
}
