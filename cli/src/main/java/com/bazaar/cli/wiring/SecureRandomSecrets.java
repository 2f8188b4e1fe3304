package com.bazaar.cli.wiring;

import com.bazaar.domain.identity.Secrets;

import java.security.SecureRandom;

/** {@link Secrets} from the platform's strong random source. */
public final class SecureRandomSecrets implements Secrets {

    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
