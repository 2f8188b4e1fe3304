package com.bazaar.domain.identity;

import com.bazaar.domain.shared.PermissionDenied;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A bearer token: {@code bzr_} followed by 43 base64url characters (256 random bits). Shown once when issued,
 * stored only as {@link TokenHash}. Its {@code toString} never reveals the secret.
 */
public final class ApiToken {

    public static final String PREFIX = "bzr_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("bzr_[A-Za-z0-9_-]{43}");

    private final String secret;

    private ApiToken(String secret) {
        this.secret = secret;
    }

    public static ApiToken issue(Secrets secrets) {
        byte[] random = secrets.randomBytes(RANDOM_BYTES);
        return new ApiToken(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** Reads a token presented by a caller; a malformed one is refused as an authentication failure. */
    public static ApiToken parse(String presented) {
        String candidate = presented == null ? "" : presented.strip();
        if (!FORMAT.matcher(candidate).matches()) {
            throw new PermissionDenied("TOKEN_MALFORMED",
                    "the token is malformed (expected 'bzr_' followed by 43 characters)");
        }
        return new ApiToken(candidate);
    }

    public String secret() {
        return secret;
    }

    /** The first characters, safe to show in listings so a person can tell tokens apart. */
    public String hint() {
        return secret.substring(0, PREFIX.length() + 4);
    }

    @Override
    public String toString() {
        return "ApiToken[" + hint() + "...]";
    }
}
