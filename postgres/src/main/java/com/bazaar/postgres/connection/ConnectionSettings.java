package com.bazaar.postgres.connection;

import java.time.Duration;
import java.util.Properties;

/**
 * The PostgreSQL JDBC settings of every connection Bazaar opens, so that a server that is gone is noticed within
 * seconds while a statement that is merely long (a million-row COPY, a set-based finish) is never cut short.
 *
 * <ul>
 *   <li>{@code connectTimeout}: opening a connection - TCP connect and login together ({@code connectTimeout} and
 *   {@code loginTimeout} of the driver) - gives up after this long, and so does waiting for a pooled connection. A
 *   server that refuses (killed, stopped) fails at once; one that does not answer (a host gone, a stopped process)
 *   fails after this long instead of never.</li>
 *   <li>{@code keepalive}: TCP keepalive on every connection, tuned per socket ({@link KeepAliveSocketFactory}): an
 *   open connection on which the server's host has stopped answering is closed after about this long, even in the
 *   middle of a statement that waits for its answer. The server's operating system answers the probes while the
 *   statement runs, so a long statement is never affected. {@link Duration#ZERO}: the operating system's defaults
 *   (about two hours).</li>
 *   <li>no socket timeout: a statement may run as long as it needs. An operator who wants a bound adds
 *   {@code socketTimeout=SECONDS} to {@code db.url}; parameters of the URL take precedence over these.</li>
 * </ul>
 */
public record ConnectionSettings(Duration connectTimeout, Duration keepalive) {

    public static final Duration MAX = Duration.ofHours(1);
    public static final ConnectionSettings DEFAULT = new ConnectionSettings(Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    public ConnectionSettings {
        if (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0 || connectTimeout.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the connect timeout must be 1s to 1h, not " + connectTimeout);
        }
        if (!keepalive.isZero() && (keepalive.compareTo(Duration.ofSeconds(3)) < 0 || keepalive.compareTo(MAX) > 0)) {
            throw new IllegalArgumentException("the keepalive must be 0 (off) or 3s to 1h, not " + keepalive);
        }
    }

    /** The driver properties (to which a caller adds user and password); the URL's own parameters take precedence. */
    public Properties driverProperties() {
        Properties properties = new Properties();
        String seconds = Long.toString(connectTimeout.toSeconds());
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        if (!keepalive.isZero()) {
            properties.setProperty("tcpKeepAlive", "true");
            properties.setProperty("socketFactory", KeepAliveSocketFactory.class.getName());
            properties.setProperty(KeepAliveSocketFactory.PROPERTY, Long.toString(keepalive.toSeconds()));
        }
        return properties;
    }

    /** The same properties with a login added (either may be null: the URL's, or none). */
    public Properties driverProperties(String user, String password) {
        Properties properties = driverProperties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
