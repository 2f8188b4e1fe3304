package com.bazaar.postgres.embedded;

import com.bazaar.postgres.replica.ReplicaLag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local replica is a real streaming hot standby of the embedded server: made by a base backup without
 * pg_basebackup, it has what the primary had, receives what the primary writes next, refuses every write, reports
 * its lag, and keeps following the primary through a stop of either side, a restart of the primary on another port
 * and a {@code kill -9} of its own postmaster. Its replication password stays in 0600 files, out of its configuration.
 */
class LocalReplicaFollowsTheEmbeddedServerTest {

    private static final Path BINARIES = Path.of(System.getProperty("user.home"), ".cache", "bazaar");

    @TempDir
    Path home;
    private EmbeddedPostgresServer server;
    private EmbeddedReplica replica;

    @AfterEach
    void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theReplicaHasThePrimarysDataReceivesItsWritesAndRefusesItsOwn() throws Exception {
        server = new EmbeddedPostgresServer(home, BINARIES);
        execute(owner(server.ensureRunning(EmbeddedPostgresServer.Login.OWNER)),
                "CREATE TABLE notes (id int PRIMARY KEY, text text)", "INSERT INTO notes VALUES (1, 'before')");

        replica = new EmbeddedReplica(server);
        var info = replica.create();

        assertThat(info.port()).isNotEqualTo(server.running(EmbeddedPostgresServer.Login.APP).orElseThrow().port());
        try (Connection r = replicaAsOwner()) {
            assertThat(query(r, "SELECT pg_is_in_recovery()::text")).isEqualTo("true");
            assertThat(query(r, "SELECT text FROM notes WHERE id = 1")).isEqualTo("before");
            assertThatThrownBy(() -> execute(r, "INSERT INTO notes VALUES (9, 'on the replica')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .as("read-only transaction").isEqualTo("25006"));
        }
        execute(primaryAsOwner(), "INSERT INTO notes VALUES (2, 'after')");
        awaitOnReplica("SELECT count(*)::text FROM notes WHERE id = 2", "1");
        within(Duration.ofSeconds(20), "the replica reports no lag", () -> lag().bytes() == 0);
        assertThat(lag().within(Duration.ofSeconds(1))).isTrue();

        String password = Files.readString(home.resolve("db-replication.password")).strip();
        assertThat(Files.getPosixFilePermissions(home.resolve("db-replication.password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(home.resolve("replica/replication.pgpass")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(replica.dataDirectory().resolve("postgresql.auto.conf")))
                .contains("primary_slot_name = 'bazaar_replica'").doesNotContain(password);
        assertThat(Files.readString(home.resolve("postgres.log")) + Files.readString(replica.logFile()))
                .doesNotContain(password);
    }

    @Test
    void aDroppedReplicaLeavesNoSlotNoFilesAndCanBeMadeAgain() throws Exception {
        server = new EmbeddedPostgresServer(home, BINARIES);
        replica = new EmbeddedReplica(server);
        assertThat(replica.drop()).as("no replica yet").isFalse();
        replica.create();
        assertThat(query(primaryAsOwner(), "SELECT count(*)::text FROM pg_replication_slots")).isEqualTo("1");

        assertThat(replica.drop()).isTrue();
        assertThat(replica.status().running()).isFalse();
        assertThat(replica.created()).isFalse();
        assertThat(home.resolve("replica")).doesNotExist();
        assertThat(query(primaryAsOwner(), "SELECT count(*)::text FROM pg_replication_slots"))
                .as("the primary keeps no WAL for it any more").isEqualTo("0");
        assertThat(replica.drop()).as("dropped twice: nothing left to drop").isFalse();

        replica.create();
        execute(primaryAsOwner(), "CREATE TABLE again (id int)");
        awaitOnReplica("SELECT count(*)::text FROM pg_tables WHERE tablename = 'again'", "1");
    }

    @Test
    void theReplicaFollowsThePrimaryThroughRestartsAndAKilledPostmaster() throws Exception {
        server = new EmbeddedPostgresServer(home, BINARIES);
        execute(owner(server.ensureRunning(EmbeddedPostgresServer.Login.OWNER)),
                "CREATE TABLE notes (id int PRIMARY KEY)");
        replica = new EmbeddedReplica(server);
        replica.create();
        assertThatThrownBy(replica::create).hasMessageContaining("exists already");

        // the replica stopped: the primary works on, and the replica catches up when started again
        assertThat(replica.stop()).isTrue();
        assertThat(replica.status().running()).isFalse();
        execute(primaryAsOwner(), "INSERT INTO notes VALUES (1)");
        replica.start();
        awaitOnReplica("SELECT count(*)::text FROM notes", "1");

        // the primary restarted on another port: the replica is pointed at it
        int before = server.running(EmbeddedPostgresServer.Login.APP).orElseThrow().port();
        server.stop();
        server.ensureRunning(EmbeddedPostgresServer.Login.OWNER);
        assertThat(server.running(EmbeddedPostgresServer.Login.APP).orElseThrow().port()).isNotEqualTo(before);
        assertThat(replica.running()).isPresent();
        execute(primaryAsOwner(), "INSERT INTO notes VALUES (2)");
        awaitOnReplica("SELECT count(*)::text FROM notes", "2");

        // its postmaster killed: the stale pid file is removed by the next start
        long pid = replica.status().pid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        within(Duration.ofSeconds(20), "the killed replica is gone", () -> !replica.status().running());
        execute(primaryAsOwner(), "INSERT INTO notes VALUES (3)");
        replica.start();
        awaitOnReplica("SELECT count(*)::text FROM notes", "3");
    }

    @Test
    void aLinkPlantedWhereTheReplicaKeepsItsFilesIsRefusedNotFollowed() throws Exception {
        server = new EmbeddedPostgresServer(home, BINARIES);
        server.ensureRunning(EmbeddedPostgresServer.Login.APP);
        Path elsewhere = Files.createTempFile("not-the-replicas", ".txt");
        try {
            Files.writeString(elsewhere, "untouched");
            Files.createDirectories(home.resolve("replica"));
            Files.setPosixFilePermissions(home.resolve("replica"), PosixFilePermissions.fromString("rwx------"));
            for (String planted : new String[]{"replica/replication.pgpass", "db-replication.password",
                    "replica/postgres.log"}) {
                Files.createSymbolicLink(home.resolve(planted), elsewhere);
                replica = new EmbeddedReplica(server);
                assertThatThrownBy(replica::create).as(planted).hasMessageContaining("symbolic link");
                Files.delete(home.resolve(planted));
            }
            assertThat(Files.readString(elsewhere)).isEqualTo("untouched");
            assertThat(replica.created()).isFalse();
        } finally {
            Files.deleteIfExists(elsewhere);
        }
    }

    private ReplicaLag lag() {
        try (Connection p = primaryAsOwner(); Connection r = replicaAsOwner()) {
            return ReplicaLag.measure(p, r);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitOnReplica(String sql, String expected) throws Exception {
        within(Duration.ofSeconds(30), "the replica answers " + expected + " to " + sql, () -> {
            try (Connection r = replicaAsOwner()) {
                return expected.equals(query(r, sql));
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private Connection primaryAsOwner() throws SQLException {
        return owner(server.running(EmbeddedPostgresServer.Login.OWNER).orElseThrow());
    }

    private Connection replicaAsOwner() throws SQLException {
        int port = replica.running().orElseThrow().port();
        return owner(server.connectionInfo(port, EmbeddedPostgresServer.Login.OWNER));
    }

    private static Connection owner(EmbeddedPostgresServer.ConnectionInfo info) throws SQLException {
        return DriverManager.getConnection(info.jdbcUrl(), info.user(), info.password());
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (c; Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void within(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
