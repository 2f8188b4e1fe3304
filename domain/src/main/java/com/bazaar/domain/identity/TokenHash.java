package com.bazaar.domain.identity;

import com.bazaar.domain.shared.Hashing;

import java.util.regex.Pattern;

/** SHA-256 of an API token: the only form in which a token is stored. */
public record TokenHash(String value) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public TokenHash {
        if (value == null || !HEX64.matcher(value).matches()) {
            throw new IllegalArgumentException("a token hash is 64 lower-case hex digits");
        }
    }

    public static TokenHash of(ApiToken token) {
        return new TokenHash(Hashing.sha256Hex(token.secret()));
    }

    @Override
    public String toString() {
        return "TokenHash[" + value.substring(0, 8) + "...]";
    }
}
