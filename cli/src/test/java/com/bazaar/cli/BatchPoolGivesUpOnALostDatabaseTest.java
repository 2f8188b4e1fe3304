package com.bazaar.cli;

import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.FailFastPool;
import com.bazaar.postgres.connection.ConnectionLoss;
import com.bazaar.postgres.connection.ConnectionSettings;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The batch runtime's pool: after a request failed because the server is gone, every later request fails at once with
 * that cause instead of waiting the connect timeout again (Spring Batch asks several times to record a failure); a
 * server that only ended the pool's sessions and takes new ones trips nothing.
 */
class BatchPoolGivesUpOnALostDatabaseTest {

    private static final ConnectionSettings QUICK = new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void onceTheServerIsGoneEveryLaterRequestFailsAtOnceWithTheFirstCause() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        var target = new DatabaseConnector.Target(server.getJdbcUrl("postgres", "postgres"), null, null, "test",
                QUICK);
        try (FailFastPool pool = DatabaseConnector.pool(target, "test", 2)) {
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            server.close(); // stops the server: the pool's connections are dead, new ones refused

            SQLException first = firstRefusal(pool);
            assertThat(ConnectionLoss.of(first)).as("the server refused: a lost database").isPresent();
            assertThat(pool.lost()).contains(first);

            SQLException later = catchThrowableOfType(SQLException.class, pool::getConnection);
            assertThat((Throwable) later).hasMessage("the database was lost earlier in this command").hasCause(first);
            assertThat(later.getSQLState()).isEqualTo(first.getSQLState());
        }
    }

    @Test
    void sessionsEndedByALiveServerAreReplacedAndTripNothing() throws Exception {
        TestDatabase db = TestDatabases.fresh();
        var target = new DatabaseConnector.Target(db.jdbcUrl(), db.user(), db.password(), "test", QUICK);
        try (FailFastPool pool = DatabaseConnector.pool(target, "test", 2)) {
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            try (Connection admin = db.adminDataSource().getConnection(); var st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND usename = '" + db.user() + "'");
            }
            assertThat((Throwable) firstRefusal(pool)).as("a new connection works").isNull();
            assertThat(pool.lost()).isEmpty();
        }
    }

    /**
     * Asks the pool for connections until it refuses one; null if one works. A connection used in the last 500 ms is
     * handed out without a check (HikariCP), so the first ones may be dead: they fail on use and are dropped.
     */
    private static SQLException firstRefusal(FailFastPool pool) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Connection c;
            try {
                c = pool.getConnection();
            } catch (SQLException refused) {
                return refused;
            }
            try (c; var rs = c.createStatement().executeQuery("SELECT 1")) {
                rs.next();
                return null;
            } catch (SQLException dead) {
                // one of the pool's connections the server ended; the pool drops it
            }
        }
        throw new AssertionError("the pool neither refused nor gave a working connection");
    }
}
