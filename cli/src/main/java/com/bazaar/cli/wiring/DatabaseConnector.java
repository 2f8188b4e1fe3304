package com.bazaar.cli.wiring;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.domain.shared.UrlCredentials;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.DatabaseRoles;
import com.bazaar.postgres.connection.ConnectionSettings;
import com.bazaar.postgres.embedded.EmbeddedPostgresServer;
import com.bazaar.postgres.embedded.EmbeddedReplica;
import com.bazaar.postgres.replica.ReadRouting;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Opens the one connection a command uses: to the server named by {@code db.url}, or to the embedded server of
 * {@code $BAZAAR_HOME} (started if needed). A one-shot command needs no pool. Commands connect with the application's
 * login ({@code db.user}; {@code bazaar_app} on the embedded server) and refuse one that could do more (a superuser,
 * the schema's owner: {@link DatabaseRoles#requireApplicationLogin}); migrations connect with the owner's login
 * ({@code db.owner-user}, else {@code db.user}; {@code bazaar_owner} on the embedded server).
 */
public final class DatabaseConnector {

    /**
     * An open database plus a description of where it is, for messages; with a read replica, the database routes
     * read-only transactions to it ({@link ReadRouting}) and {@code replica} is its (lazily opened) connection.
     */
    public record Opened(Database database, SingleConnectionDataSource dataSource, String description,
                         Optional<SingleConnectionDataSource> replica, Optional<ReadRouting> routing)
            implements AutoCloseable {
        Opened(Database database, SingleConnectionDataSource dataSource, String description) {
            this(database, dataSource, description, Optional.empty(), Optional.empty());
        }

        @Override
        public void close() {
            dataSource.destroy();
            replica.ifPresent(SingleConnectionDataSource::destroy);
        }
    }

    private DatabaseConnector() {
    }

    public static EmbeddedPostgresServer embeddedServer(BazaarConfig config) {
        return new EmbeddedPostgresServer(config.home(),
                Path.of(config.get(BazaarConfig.Key.EMBEDDED_BINARIES).orElseThrow()));
    }

    /** Where the database is and how to log in, without connecting yet; how its connections notice a lost server. */
    public record Target(String url, String user, String password, String description, ConnectionSettings settings) {
        public Target(String url, String user, String password, String description) {
            this(url, user, password, description, ConnectionSettings.DEFAULT);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * The application's connection, for every command; refuses a login more powerful than the application's. With a
     * read replica ({@link #readTarget}), read-only transactions go to it while it answers and keeps up.
     */
    public static Opened open(BazaarConfig config) {
        Opened primary = openChecked(config);
        Optional<Target> read = readTarget(config);
        if (read.isEmpty()) {
            return primary;
        }
        SingleConnectionDataSource replica = singleConnection(read.get());
        replica.getConnectionProperties().setProperty("readOnly", "true"); // and the replica refuses writes anyway
        ReadRouting routing = new ReadRouting(primary.dataSource(), replica, config.readMaxLag(),
                java.time.Clock.systemUTC());
        return new Opened(new Database(routing.dataSource()), primary.dataSource(), primary.description(),
                Optional.of(replica), Optional.of(routing));
    }

    /**
     * Read-only transactions over {@code primary} sent to the read replica, if one is configured (as {@link #open}
     * does for a command): for a long-running process's read-only work, such as serve's metrics. One replica
     * connection, for one thread at a time; close it with {@link java.io.Closeable}.
     */
    public static Optional<RoutedReads> routedReads(BazaarConfig config, javax.sql.DataSource primary) {
        return readTarget(config).map(target -> {
            SingleConnectionDataSource replica = singleConnection(target);
            replica.getConnectionProperties().setProperty("readOnly", "true");
            return new RoutedReads(new Database(new ReadRouting(primary, replica, config.readMaxLag(),
                    java.time.Clock.systemUTC()).dataSource()), replica);
        });
    }

    /** A database whose read-only transactions go to the replica while it answers and keeps up. */
    public record RoutedReads(Database database, SingleConnectionDataSource replica) implements AutoCloseable {
        @Override
        public void close() {
            replica.destroy();
        }
    }

    /**
     * Where read-only work may go: db.read-url (with db.user and db.password: a streaming replica has the primary's
     * logins), else the local replica of the embedded server if it runs (never started here), else nowhere.
     */
    public static Optional<Target> readTarget(BazaarConfig config) {
        Optional<String> url = config.get(BazaarConfig.Key.DB_READ_URL);
        if (url.isPresent()) {
            return Optional.of(new Target(url.get(), config.get(BazaarConfig.Key.DB_USER).orElse(null),
                    config.get(BazaarConfig.Key.DB_PASSWORD).orElse(null), "read replica at "
                    + UrlCredentials.redact(url.get()), config.connectionSettings()));
        }
        if (!config.embedded()) {
            return Optional.empty();
        }
        EmbeddedReplica local = new EmbeddedReplica(embeddedServer(config));
        if (!local.created()) {
            return Optional.empty();
        }
        return local.running().map(info -> new Target(info.jdbcUrl(), info.user(), info.password(),
                "local replica in " + local.dataDirectory() + " (port " + info.port() + ")",
                config.connectionSettings()));
    }

    private static Opened openChecked(BazaarConfig config) {
        Opened opened = open(target(config));
        try (Connection c = opened.dataSource().getConnection()) {
            DatabaseRoles.requireApplicationLogin(c);
        } catch (SQLException e) {
            opened.close();
            throw new CommandFailure(ExitCode.FAILURE, "cannot check the database login of " + opened.description()
                    + ": " + e.getMessage().lines().findFirst().orElse(""));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /** The migration login's connection, for init, db migrate and db status. */
    public static Opened openForMigrations(BazaarConfig config) {
        return open(migrationTarget(config));
    }

    private static Opened open(Target target) {
        SingleConnectionDataSource ds = singleConnection(target);
        try (Connection ignored = ds.getConnection()) {
            // connect now, so an unreachable server is reported as such, in one sentence
        } catch (SQLException e) {
            ds.destroy();
            var busy = com.bazaar.postgres.connection.DatabaseBusy.of(e);
            if (busy.isPresent()) { // reachable, but no session for us now: retry in a moment
                throw new CommandFailure(ExitCode.BUSY, "busy or limited: " + busy.get() + " at "
                        + target.description() + "; nothing was done, retry in a moment");
            }
            throw new CommandFailure(ExitCode.FAILURE, "cannot connect to " + target.description() + ": "
                    + UrlCredentials.redact(e.getMessage().lines().findFirst().orElse("")));
        }
        return new Opened(new Database(ds), ds, target.description());
    }

    /** One connection to the target, opened on first use and kept for the command. */
    private static SingleConnectionDataSource singleConnection(Target target) {
        SingleConnectionDataSource ds = new SingleConnectionDataSource();
        ds.setUrl(target.url());
        if (target.user() != null) {
            ds.setUsername(target.user());
        }
        if (target.password() != null) {
            ds.setPassword(target.password());
        }
        ds.setConnectionProperties(target.settings().driverProperties());
        ds.setSuppressClose(true);
        ds.setAutoCommit(true);
        return ds;
    }

    /**
     * A connection pool over the target, for a command that uses the database from several threads (the batch
     * runtime). It refuses to start while the server is unreachable, waits at most the connect timeout for a
     * connection, and once it could not get one because the database is lost, fails every later request at once
     * ({@link FailFastPool}).
     */
    public static FailFastPool pool(Target target, String name, int size) {
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setJdbcUrl(target.url());
        if (target.user() != null) {
            hikari.setUsername(target.user());
        }
        if (target.password() != null) {
            hikari.setPassword(target.password());
        }
        hikari.setDataSourceProperties(target.settings().driverProperties());
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName(name);
        hikari.setConnectionTimeout(target.settings().connectTimeout().toMillis());
        return new FailFastPool(new com.zaxxer.hikari.HikariDataSource(hikari));
    }

    /**
     * A pool for a long-running process ({@code bazaar serve}) that follows the database: each new connection
     * resolves the address again, so after the embedded server of $BAZAAR_HOME restarted on another port, broken
     * connections are replaced by working ones. It never starts the embedded server itself (an operator who
     * stopped it meant it): while it is stopped, connections fail with a sentence that says so. With db.url the
     * address never changes. The pool starts even while the server is unreachable.
     */
    public static com.zaxxer.hikari.HikariDataSource followingPool(BazaarConfig config, String name, int size) {
        ConnectionSettings settings = config.connectionSettings();
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setDataSource(new org.springframework.jdbc.datasource.AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                if (!config.embedded()) {
                    Target target = target(config);
                    return java.sql.DriverManager.getConnection(target.url(),
                            settings.driverProperties(target.user(), target.password()));
                }
                EmbeddedPostgresServer server = embeddedServer(config);
                var info = server.running(EmbeddedPostgresServer.Login.APP).orElseThrow(() -> new SQLException(
                        "the embedded PostgreSQL in " + server.dataDirectory() + " is not running; any bazaar"
                        + " command (e.g. 'bazaar db status') starts it"));
                return java.sql.DriverManager.getConnection(info.jdbcUrl(),
                        settings.driverProperties(info.user(), info.password()));
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }

            /** How long the pool's shutdown waits for a connection being opened (0 would warn at every close). */
            @Override
            public int getLoginTimeout() {
                return (int) Math.max(1, settings.connectTimeout().toSeconds());
            }
        });
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName(name);
        hikari.setConnectionTimeout(settings.connectTimeout().toMillis());
        hikari.setInitializationFailTimeout(-1);
        return new com.zaxxer.hikari.HikariDataSource(hikari);
    }

    /**
     * Resolves the database commands use and the application's login: db.url with db.user, or the embedded server of
     * $BAZAAR_HOME (started if needed) as bazaar_app.
     */
    public static Target target(BazaarConfig config) {
        return resolve(config, EmbeddedPostgresServer.Login.APP);
    }

    /** The same database with the login that runs migrations: db.owner-user (else db.user), or bazaar_owner. */
    public static Target migrationTarget(BazaarConfig config) {
        return resolve(config, EmbeddedPostgresServer.Login.OWNER);
    }

    private static Target resolve(BazaarConfig config, EmbeddedPostgresServer.Login login) {
        String url;
        String user;
        String password;
        String description;
        if (config.embedded()) {
            EmbeddedPostgresServer server = embeddedServer(config);
            var info = server.ensureRunning(login);
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
            boolean owner = login == EmbeddedPostgresServer.Login.OWNER
                    && config.get(BazaarConfig.Key.DB_OWNER_USER).isPresent();
            user = config.get(owner ? BazaarConfig.Key.DB_OWNER_USER : BazaarConfig.Key.DB_USER).orElse(null);
            password = config.get(owner ? BazaarConfig.Key.DB_OWNER_PASSWORD : BazaarConfig.Key.DB_PASSWORD)
                    .orElse(null);
            description = "PostgreSQL at " + UrlCredentials.redact(url);
        }
        return new Target(url, user, password, description, config.connectionSettings());
    }
}
