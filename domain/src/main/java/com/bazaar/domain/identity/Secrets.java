package com.bazaar.domain.identity;

/** Port: cryptographically strong random bytes (tests supply a deterministic source). */
public interface Secrets {
    byte[] randomBytes(int count);
}
