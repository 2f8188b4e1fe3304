package com.bazaar.domain.shared;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Where a page of a list starts: after the row whose sort key this is. Printed as an opaque-looking token (base64url of
 * the list's name and the key's parts) so it survives a shell unquoted; read back only by the list that wrote it. The
 * token is untrusted input: every refusal (not base64url, another list's, a part of the wrong type) is a
 * {@link ValidationException} naming {@code --after}, and the parts only ever reach SQL as bind parameters.
 */
public record Cursor(String list, List<String> key) {

    /** Separates the parts inside the token: PostgreSQL text cannot hold NUL, so no key part contains it. */
    private static final char SEPARATOR = '\u0000';
    private static final int MAX_TOKEN = 2_048;

    public Cursor {
        key = List.copyOf(key);
    }

    public static Cursor of(String list, Object... key) {
        return new Cursor(list, Arrays.stream(key).map(String::valueOf).toList());
    }

    /** The token a user passes back with {@code --after}. */
    public String token() {
        String joined = list + SEPARATOR + String.join(String.valueOf(SEPARATOR), key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token this list wrote, with {@code arity} key parts; anything else is refused. */
    public static Cursor parse(String token, String list, int arity) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw invalid(token, "not a cursor");
        }
        String joined;
        try {
            joined = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw invalid(token, "not a cursor");
        }
        List<String> parts = List.of(joined.split(String.valueOf(SEPARATOR), -1));
        if (parts.size() != arity + 1 || !parts.get(0).equals(list)) {
            throw invalid(token, "not a cursor of this list");
        }
        return new Cursor(list, parts.subList(1, parts.size()));
    }

    public String text(int part) {
        return key.get(part);
    }

    public long number(int part) {
        String value = key.get(part);
        if (!Numbers.isAsciiDigits(value) || value.length() > 18) {
            throw invalid(token(), "not a cursor of this list");
        }
        return Long.parseLong(value);
    }

    public Instant instant(int part) {
        try {
            return Instant.parse(key.get(part));
        } catch (DateTimeParseException e) {
            throw invalid(token(), "not a cursor of this list");
        }
    }

    private static ValidationException invalid(String token, String why) {
        return new ValidationException("CURSOR_INVALID", "after", "--after '" + Numbers.abbreviated(
                token == null ? "" : token) + "' is " + why + " (pass the value a previous page's 'next page' printed)");
    }
}
