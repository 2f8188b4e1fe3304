package com.bazaar.cli.wiring;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.domain.shared.UrlCredentials;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.embedded.EmbeddedPostgresServer;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the one connection a command uses: to the server named by {@code db.url}, or to the embedded server of
 * {@code $BAZAAR_HOME} (started if needed). A one-shot command needs no pool.
 */
public final class DatabaseConnector {

    /** An open database plus a description of where it is, for messages. */
    public record Opened(Database database, SingleConnectionDataSource dataSource, String description)
            implements AutoCloseable {
        @Override
        public void close() {
            dataSource.destroy();
        }
    }

    private DatabaseConnector() {
    }

    public static EmbeddedPostgresServer embeddedServer(BazaarConfig config) {
        return new EmbeddedPostgresServer(config.home(),
                Path.of(config.get(BazaarConfig.Key.EMBEDDED_BINARIES).orElseThrow()));
    }

    /** Where the database is and how to log in, without connecting yet. */
    public record Target(String url, String user, String password, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    public static Opened open(BazaarConfig config) {
        Target target = target(config);
        SingleConnectionDataSource ds = new SingleConnectionDataSource();
        ds.setUrl(target.url());
        if (target.user() != null) {
            ds.setUsername(target.user());
        }
        if (target.password() != null) {
            ds.setPassword(target.password());
        }
        ds.setSuppressClose(true);
        ds.setAutoCommit(true);
        try (Connection ignored = ds.getConnection()) {
            // connect now, so an unreachable server is reported as such, in one sentence
        } catch (SQLException e) {
            ds.destroy();
            throw new CommandFailure(ExitCode.FAILURE, "cannot connect to " + target.description() + ": "
                    + UrlCredentials.redact(e.getMessage().lines().findFirst().orElse("")));
        }
        return new Opened(new Database(ds), ds, target.description());
    }

    /**
     * A connection pool over the target, for a command that uses the database from several threads (the batch
     * runtime). It refuses to start while the server is unreachable.
     */
    public static com.zaxxer.hikari.HikariDataSource pool(Target target, String name, int size,
                                                          java.time.Duration connectionTimeout) {
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setJdbcUrl(target.url());
        if (target.user() != null) {
            hikari.setUsername(target.user());
        }
        if (target.password() != null) {
            hikari.setPassword(target.password());
        }
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName(name);
        hikari.setConnectionTimeout(connectionTimeout.toMillis());
        return new com.zaxxer.hikari.HikariDataSource(hikari);
    }

    /**
     * A pool for a long-running process ({@code bazaar serve}) that follows the database: each new connection
     * resolves the address again, so after the embedded server of $BAZAAR_HOME restarted on another port, broken
     * connections are replaced by working ones. It never starts the embedded server itself (an operator who
     * stopped it meant it): while it is stopped, connections fail with a sentence that says so. With db.url the
     * address never changes. The pool starts even while the server is unreachable.
     */
    public static com.zaxxer.hikari.HikariDataSource followingPool(BazaarConfig config, String name, int size,
                                                                   java.time.Duration connectionTimeout) {
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setDataSource(new org.springframework.jdbc.datasource.AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                if (!config.embedded()) {
                    Target target = target(config);
                    return java.sql.DriverManager.getConnection(target.url(), target.user(), target.password());
                }
                EmbeddedPostgresServer server = embeddedServer(config);
                var info = server.running().orElseThrow(() -> new SQLException("the embedded PostgreSQL in "
                        + server.dataDirectory() + " is not running; any bazaar command (e.g. 'bazaar db status')"
                        + " starts it"));
                return java.sql.DriverManager.getConnection(info.jdbcUrl(), info.user(), info.password());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }
        });
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName(name);
        hikari.setConnectionTimeout(connectionTimeout.toMillis());
        hikari.setInitializationFailTimeout(-1);
        return new com.zaxxer.hikari.HikariDataSource(hikari);
    }

    /** Resolves the database to use: db.url, or the embedded server of $BAZAAR_HOME (started if needed). */
    public static Target target(BazaarConfig config) {
        String url;
        String user;
        String password;
        String description;
        if (config.embedded()) {
            EmbeddedPostgresServer server = embeddedServer(config);
            var info = server.ensureRunning();
            url = info.jdbcUrl();
            user = info.user();
            password = info.password();
            description = "embedded PostgreSQL in " + server.dataDirectory() + " (port " + info.port() + ")";
        } else {
            url = config.get(BazaarConfig.Key.DB_URL).orElseThrow();
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new CommandFailure(ExitCode.USAGE, "db.url must be a PostgreSQL JDBC URL such as "
                        + "jdbc:postgresql://host:5432/bazaar (got '" + UrlCredentials.redact(url) + "')");
            }
            user = config.get(BazaarConfig.Key.DB_USER).orElse(null);
            password = config.get(BazaarConfig.Key.DB_PASSWORD).orElse(null);
            description = "PostgreSQL at " + UrlCredentials.redact(url);
        }
        return new Target(url, user, password, description);
    }
}
