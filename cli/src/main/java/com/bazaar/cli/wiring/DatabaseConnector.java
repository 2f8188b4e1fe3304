package com.bazaar.cli.wiring;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.BazaarConfig;
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
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return new Opened(new Database(ds), ds, target.description());
    }

    /**
     * A connection pool over the target, for processes that use the database from several threads (the batch
     * runtime, {@code bazaar serve}); connections that break (a restarted server) are replaced, not kept.
     * With {@code failFast} the pool refuses to start while the server is unreachable; without, it starts anyway
     * and connects when the server answers.
     */
    public static com.zaxxer.hikari.HikariDataSource pool(Target target, String name, int size,
                                                          java.time.Duration connectionTimeout, boolean failFast) {
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
        if (!failFast) {
            hikari.setInitializationFailTimeout(-1);
        }
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
                        + "jdbc:postgresql://host:5432/bazaar (got '" + url + "')");
            }
            user = config.get(BazaarConfig.Key.DB_USER).orElse(null);
            password = config.get(BazaarConfig.Key.DB_PASSWORD).orElse(null);
            description = "PostgreSQL at " + url.replaceAll("password=[^&]*", "password=****");
        }
        return new Target(url, user, password, description);
    }
}
