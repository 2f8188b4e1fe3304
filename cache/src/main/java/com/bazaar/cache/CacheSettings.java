package com.bazaar.cache;

import com.bazaar.domain.shared.UrlCredentials;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the cache is and how long it may hold an entry: {@code redis://[[user]:password@]host:port[/db]} (or
 * {@code rediss://} for TLS), the TTL of every entry (the safety net if an invalidation is lost), the connect and
 * command timeout, and the prefix of every key ({@code bazaar:v1:}; the {@code v1} changes when the stored form does).
 */
public record CacheSettings(String url, Duration ttl, Duration timeout, String keyPrefix) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final String DEFAULT_PREFIX = "bazaar:v1:";
    /** The environment variable that replaces {@code bazaar} at the start of every key. */
    public static final String PREFIX_ENV = "BAZAAR_CACHE_KEY_PREFIX";
    /** The longest TTL accepted: a day. */
    public static final Duration MAX_TTL = Duration.ofDays(1);

    public CacheSettings {
        Objects.requireNonNull(url, "url");
        check(url);
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the cache TTL must be from 1s to 1d (got " + ttl + ")");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("the cache timeout must be more than 0 and at most 10s");
        }
        if (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c <= ' ' || c == '{' || c == '}')) {
            throw new IllegalArgumentException("a cache key prefix is printable text without spaces or braces");
        }
    }

    public static CacheSettings of(String url, Duration ttl) {
        return new CacheSettings(url, ttl, DEFAULT_TIMEOUT, DEFAULT_PREFIX);
    }

    /** The version of the stored form ({@link StoredForm}), part of every key. */
    public static final String FORM_VERSION = "v1";

    /**
     * Keys under {@code <installation>:v1:} instead of {@code bazaar:v1:}: installations (or tests) that share a
     * Redis keep apart.
     */
    public CacheSettings withInstallationPrefix(String installation) {
        return new CacheSettings(url, ttl, timeout, installation + ":" + FORM_VERSION + ":");
    }

    public CacheSettings withTimeout(Duration commandTimeout) {
        return new CacheSettings(url, ttl, commandTimeout, keyPrefix);
    }

    /** The URL as it may be printed: a password in it masked. */
    public String shown() {
        return UrlCredentials.redact(url);
    }

    /**
     * Refuses (IllegalArgumentException, the URL redacted in the message) anything but
     * {@code redis[s]://[[user]:password@]host:port[/db]}.
     */
    public static void check(String url) {
        String shown = UrlCredentials.redact(url).replaceAll("//[^/?#@:\\s]+@", "//" + UrlCredentials.MASK + "@");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the cache must be a URL such as redis://127.0.0.1:6379 (got '" + shown
                    + "')");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the cache URL must start with redis:// or rediss:// (got '" + shown
                    + "')");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getPort() < 1 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("the cache URL must name a host and a port, such as"
                    + " redis://127.0.0.1:6379 (got '" + shown + "')");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
            throw new IllegalArgumentException("the cache URL's path is a database number such as /0 (got '" + shown
                    + "')");
        }
        if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().contains(":")) {
            // Redis reads user information without a colon as a password: refused, so that no password is ever shown
            throw new IllegalArgumentException("the cache URL gives a password as redis://:PASSWORD@host:port (or"
                    + " redis://USER:PASSWORD@host:port), with the colon");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("the cache URL takes no query or fragment (got '" + shown + "')");
        }
    }
}
