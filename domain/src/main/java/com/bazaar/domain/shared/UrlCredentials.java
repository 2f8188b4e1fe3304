package com.bazaar.domain.shared;

import java.util.regex.Pattern;

/**
 * The one redaction of credentials in URLs, for every place a URL (or a sentence quoting one) is printed or logged:
 * configuration, connection errors, health details, logs. It masks, wherever they occur in the text:
 * <ul>
 *   <li>the password of a URL's user information: {@code scheme://user:secret@host} becomes
 *       {@code scheme://user:****@host};</li>
 *   <li>the value of every parameter whose name contains {@code password}, {@code passwd}, {@code pwd},
 *       {@code secret}, {@code token}, {@code apikey}/{@code api_key}/{@code api-key} or {@code credential}, in any
 *       case, after {@code ?}, {@code &}, {@code ;}, a space or the start of the text ({@code password=},
 *       {@code sslpassword=}, {@code PASSWORD=}, libpq's {@code password=... host=...}).</li>
 * </ul>
 * Text without credentials is returned unchanged, and redacting twice changes nothing more.
 */
public final class UrlCredentials {

    public static final String MASK = "****";

    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:\\s]*):[^/?#\\s]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;\\s])[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|credential)[a-z0-9_.-]*=)"
                    // the value, without a punctuation mark that ends the sentence around it ("...=s3cret: refused")
                    + "[^&;#\\s'\"]*?(?=[:,.)]?(?:[&;#\\s'\"]|$))");

    private UrlCredentials() {
    }

    /** The text with every URL credential masked. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }
}
