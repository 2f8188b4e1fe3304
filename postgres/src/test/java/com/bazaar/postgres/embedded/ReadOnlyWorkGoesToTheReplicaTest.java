package com.bazaar.postgres.embedded;

import com.bazaar.postgres.Database;
import com.bazaar.postgres.PostgresTransactions;
import com.bazaar.postgres.replica.ReadRouting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Read-only transactions run on a real streaming replica (the local replica of an embedded server), and nothing else
 * does: read-write transactions run on the primary; a write attempted in a read-only transaction is refused and
 * reaches neither side; a process that just committed a write reads it back from the primary; a replica that is
 * stopped or lags beyond the bound is not used, and the work is served by the primary instead of failing.
 */
class ReadOnlyWorkGoesToTheReplicaTest {

    private static final Path BINARIES = Path.of(System.getProperty("user.home"), ".cache", "bazaar");
    private static final Duration MAX_LAG = Duration.ofSeconds(2);

    @TempDir
    static Path home;
    private static EmbeddedPostgresServer server;
    private static EmbeddedReplica replica;

    @BeforeAll
    static void replicate() throws Exception {
        server = new EmbeddedPostgresServer(home, BINARIES);
        try (Connection c = connect(server.ensureRunning(EmbeddedPostgresServer.Login.OWNER));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id int PRIMARY KEY)");
            st.execute("GRANT SELECT, INSERT ON notes TO bazaar_app");
        }
        replica = new EmbeddedReplica(server);
        replica.create();
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** The routing a command builds: the app login on both sides, the replica's connection read-only. */
    private record Routed(ReadRouting routing, PostgresTransactions tx, Database database) {
        static Routed open() {
            var primary = single(server.running(EmbeddedPostgresServer.Login.APP).orElseThrow());
            var replicaInfo = server.connectionInfo(replica.status().port().orElse(1), EmbeddedPostgresServer.Login.APP);
            var replicaSide = single(replicaInfo);
            replicaSide.getConnectionProperties().setProperty("readOnly", "true");
            ReadRouting routing = new ReadRouting(primary, replicaSide, MAX_LAG, Clock.systemUTC());
            Database database = new Database(routing.dataSource());
            return new Routed(routing, new PostgresTransactions(database), database);
        }

        boolean readOnlyRunsOnTheReplica() {
            return tx.readOnly(() -> database.jdbc().sql("SELECT pg_is_in_recovery()").query(Boolean.class).single());
        }
    }

    @Test
    void readOnlyTransactionsRunOnTheReplicaAndTheRestOnThePrimary() {
        Routed routed = Routed.open();
        assertThat(routed.readOnlyRunsOnTheReplica()).isTrue();
        assertThat(routed.tx().inTransaction(() -> routed.database().jdbc().sql("SELECT pg_is_in_recovery()")
                .query(Boolean.class).single())).as("a read-write transaction").isFalse();
        assertThat(routed.database().jdbc().sql("SELECT pg_is_in_recovery()").query(Boolean.class).single())
                .as("a statement outside any transaction").isFalse();
        // a read-only transaction nested in a read-write one joins it: it sees that transaction's writes
        assertThat(routed.tx().inTransaction(() -> routed.tx().readOnly(() -> routed.database().jdbc()
                .sql("SELECT pg_is_in_recovery()").query(Boolean.class).single()))).isFalse();
        // a read-write transaction that only read is no write: read-only work stays on the replica
        assertThat(routed.readOnlyRunsOnTheReplica()).isTrue();
    }

    @Test
    void aWriteInAReadOnlyTransactionIsRefusedAndReachesNeitherSide() throws Exception {
        Routed routed = Routed.open();
        assertThatThrownBy(() -> routed.tx().readOnly(() -> routed.database().jdbc()
                .sql("INSERT INTO notes VALUES (666)").update()))
                .hasMessageContaining("read-only transaction");
        try (Connection c = connect(server.running(EmbeddedPostgresServer.Login.APP).orElseThrow());
             Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT count(*) FROM notes WHERE id = 666");
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void aProcessReadsItsOwnCommittedWriteFromThePrimary() {
        Routed routed = Routed.open();
        assertThat(routed.readOnlyRunsOnTheReplica()).isTrue();
        routed.tx().run(() -> routed.database().jdbc().sql("INSERT INTO notes VALUES (1)").update());
        assertThat(routed.readOnlyRunsOnTheReplica()).as("within the lag bound after its own write").isFalse();
        assertThat(routed.tx().readOnly(() -> routed.database().jdbc().sql("SELECT count(*) FROM notes WHERE id = 1")
                .query(Long.class).single())).isEqualTo(1L);
    }

    @Test
    void aReplicaThatLagsBeyondTheBoundIsNotUsed() throws Exception {
        Routed routed = Routed.open();
        assertThat(routed.readOnlyRunsOnTheReplica()).isTrue();
        long startup = startupProcess();
        signal("STOP", startup); // the replica still receives WAL, but replays none of it
        try {
            try (Connection c = connect(server.running(EmbeddedPostgresServer.Login.APP).orElseThrow());
                 Statement st = c.createStatement()) {
                st.execute("INSERT INTO notes VALUES (2)");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Routed other = Routed.open(); // another process: no write of its own
            while (other.readOnlyRunsOnTheReplica()) {
                assertThat(System.nanoTime()).as("the lagging replica is left within 20 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            ReadRouting.Choice choice = other.routing().choice();
            assertThat(choice.replica()).isFalse();
            assertThat(choice.reason()).contains("beyond the bound of 2 s");
            assertThat(choice.lag().map(l -> l.bytes() > 0)).contains(true);
            assertThat(other.tx().readOnly(() -> other.database().jdbc().sql("SELECT count(*) FROM notes WHERE id = 2")
                    .query(Long.class).single())).as("served by the primary").isEqualTo(1L);
        } finally {
            signal("CONT", startup);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Routed.open().readOnlyRunsOnTheReplica()) { // caught up again, for the other tests
            assertThat(System.nanoTime()).as("the replica catches up within 20 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aStoppedReplicaLeavesReadOnlyWorkToThePrimary() throws Exception {
        Routed routed = Routed.open();
        assertThat(routed.readOnlyRunsOnTheReplica()).isTrue();
        replica.stop();
        try {
            Routed afterwards = Routed.open();
            assertThat(afterwards.readOnlyRunsOnTheReplica()).isFalse();
            assertThat(afterwards.routing().choice().reason()).contains("does not answer");
            // the command that had it open: its next read-only work is served by the primary too
            Thread.sleep(1100); // the replica is checked again at most once a second
            assertThat(routed.readOnlyRunsOnTheReplica()).isFalse();
        } finally {
            replica.start();
        }
    }

    private static SingleConnectionDataSource single(EmbeddedPostgresServer.ConnectionInfo info) {
        SingleConnectionDataSource ds = new SingleConnectionDataSource(info.jdbcUrl(), info.user(), info.password(),
                true);
        ds.setConnectionProperties(com.bazaar.postgres.connection.ConnectionSettings.DEFAULT.driverProperties());
        return ds;
    }

    private static Connection connect(EmbeddedPostgresServer.ConnectionInfo info) throws SQLException {
        return DriverManager.getConnection(info.jdbcUrl(), info.user(), info.password());
    }

    /** The replica's startup process: the one that replays WAL. */
    private static long startupProcess() throws IOException {
        long postmaster = replica.status().pid().orElseThrow();
        Optional<ProcessHandle> startup = ProcessHandle.of(postmaster).orElseThrow().children()
                .filter(p -> cmdline(p.pid()).contains("startup")).findFirst();
        return startup.orElseThrow(() -> new AssertionError("no startup process under " + postmaster)).pid();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
