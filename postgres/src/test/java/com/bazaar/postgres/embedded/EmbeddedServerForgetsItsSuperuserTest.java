package com.bazaar.postgres.embedded;

import com.bazaar.postgres.DatabaseRoles;
import com.bazaar.postgres.Migrations;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server's superuser logs in once, to set up the roles; afterwards its password is gone from the home
 * and from PostgreSQL, and the two logins a command can find in the home are neither superusers nor able to become
 * one. A home made before the roles existed (superuser password file, tables owned by the superuser) is set up the
 * same way on its next start, and a bootstrap interrupted at any point is completed by the next start.
 */
class EmbeddedServerForgetsItsSuperuserTest {

    private static final Path BINARIES = Path.of(System.getProperty("user.home"), ".cache", "bazaar");
    private static final String OLD_SUPERUSER_PASSWORD = "old-superuser-password";
    /** Password files are 0600, as the bootstrap writes them: anything else is refused (PrivateFiles). */
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    @TempDir
    Path home;
    private EmbeddedPostgresServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aNewHomeGetsTwoOrdinaryLoginsAndNoSuperuserPassword() throws Exception {
        server = new EmbeddedPostgresServer(home, BINARIES);
        var app = server.ensureRunning(EmbeddedPostgresServer.Login.APP);

        assertThat(home.resolve("postgres.password")).doesNotExist();
        for (String file : List.of("db-app.password", "db-owner.password")) {
            assertThat(Files.getPosixFilePermissions(home.resolve(file))).as(file)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(app.user()).isEqualTo(DatabaseRoles.APP);
        assertOrdinary(app);
        assertOrdinary(server.ensureRunning(EmbeddedPostgresServer.Login.OWNER));
        try (Connection c = connect(app)) {
            DatabaseRoles.requireApplicationLogin(c); // what every command checks: passes
        }
    }

    @Test
    void aHomeFromBeforeTheRolesIsHandedToTheOwnerAndItsSuperuserLocked() throws Exception {
        int port = oldHome();

        server = new EmbeddedPostgresServer(home, BINARIES);
        var owner = server.ensureRunning(EmbeddedPostgresServer.Login.OWNER);

        assertThat(home.resolve("postgres.password")).doesNotExist();
        assertThatThrownBy(() -> superuser(port, "postgres").close()).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as("password authentication failed").isEqualTo("28P01"));
        assertOrdinary(owner);
        try (Connection c = connect(owner); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                     + " AND relkind IN ('r', 'S') AND pg_get_userbyid(relowner) <> 'bazaar_owner'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("tables and sequences not owned by bazaar_owner").isZero();
        }
        assertThat(new Migrations(dataSource(owner)).migrate()).as("V10 and later").isPositive();
        var app = server.ensureRunning(EmbeddedPostgresServer.Login.APP);
        try (Connection c = connect(app); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT name FROM sellers")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the old installation's data, read as the application").isEqualTo("Old Ltd");
        }
    }

    @Test
    void aBootstrapKilledAfterWritingThePasswordFilesIsCompletedWithThoseFiles() throws Exception {
        oldHome();
        Files.writeString(home.resolve("db-owner.password"), "written-before-the-kill\n");
        Files.setPosixFilePermissions(home.resolve("db-owner.password"), OWNER_ONLY);

        server = new EmbeddedPostgresServer(home, BINARIES);
        var owner = server.ensureRunning(EmbeddedPostgresServer.Login.OWNER);

        assertThat(owner.password()).isEqualTo("written-before-the-kill");
        assertOrdinary(owner);
        assertThat(home.resolve("postgres.password")).doesNotExist();
    }

    @Test
    void aBootstrapKilledBeforeDeletingTheSuperuserFileIsCompletedByTheNextStart() throws Exception {
        int port = oldHome();
        server = new EmbeddedPostgresServer(home, BINARIES);
        server.ensureRunning(EmbeddedPostgresServer.Login.OWNER);
        // as if killed after 'ALTER ROLE bazaar PASSWORD NULL', before the file was deleted
        Files.writeString(home.resolve("postgres.password"), OLD_SUPERUSER_PASSWORD + "\n");
        Files.setPosixFilePermissions(home.resolve("postgres.password"), OWNER_ONLY);

        var app = new EmbeddedPostgresServer(home, BINARIES).ensureRunning(EmbeddedPostgresServer.Login.APP);

        assertOrdinary(app);
        assertThat(home.resolve("postgres.password")).doesNotExist();
        assertThatThrownBy(() -> superuser(port, "postgres").close()).isInstanceOf(SQLException.class);
    }

    /** Neither a superuser nor able to become one, nor able to create roles. */
    private static void assertOrdinary(EmbeddedPostgresServer.ConnectionInfo login) throws SQLException {
        try (Connection c = connect(login); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT rolsuper, rolcreaterole, EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolsuper"
                     + " AND pg_has_role(session_user, s.oid, 'MEMBER')) FROM pg_roles WHERE rolname = session_user")) {
            rs.next();
            assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3))).as(login.user()
                    + ": superuser, createrole, member of a superuser").containsOnly(false);
        }
    }

    /**
     * A home as Bazaar made it before the database roles: superuser 'bazaar' with its password in postgres.password,
     * database 'bazaar' and its tables owned by the superuser, migrated to version 9, with data; the server running.
     */
    private int oldHome() throws Exception {
        EmbeddedPostgresServer builder = new EmbeddedPostgresServer(home, BINARIES);
        Path binaries = PostgresBinaries.prepare(BINARIES);
        Path data = home.resolve("pgdata");
        Path pwfile = home.resolve("postgres.password");
        Files.writeString(pwfile, OLD_SUPERUSER_PASSWORD + "\n");
        Files.setPosixFilePermissions(pwfile, OWNER_ONLY);
        builder.run(binaries, List.of("initdb", "-D", data.toString(), "-U", EmbeddedPostgresServer.SUPERUSER,
                "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"), "initdb");
        Files.writeString(data.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        builder.run(binaries, List.of("pg_ctl", "-D", data.toString(), "-l", home.resolve("postgres.log").toString(),
                "-w", "-o", "-p " + port, "start"), "start");
        server = builder; // stopped after the test whatever happens next
        try (Connection c = superuser(port, "postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE bazaar");
        }
        PGSimpleDataSource old = new PGSimpleDataSource();
        old.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/bazaar");
        old.setUser(EmbeddedPostgresServer.SUPERUSER);
        old.setPassword(OLD_SUPERUSER_PASSWORD);
        Flyway.configure().dataSource(old).locations("classpath:db/migration").target("9").load().migrate();
        try (Connection c = old.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                    + " VALUES ('OLD', 'Old Ltd', 'EUR', 'ACTIVE', now(), now())");
        }
        return port;
    }

    private static Connection superuser(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                EmbeddedPostgresServer.SUPERUSER, OLD_SUPERUSER_PASSWORD);
    }

    private static Connection connect(EmbeddedPostgresServer.ConnectionInfo login) throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.user(), login.password());
    }

    private static PGSimpleDataSource dataSource(EmbeddedPostgresServer.ConnectionInfo login) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(login.jdbcUrl());
        ds.setUser(login.user());
        ds.setPassword(login.password());
        return ds;
    }
}
