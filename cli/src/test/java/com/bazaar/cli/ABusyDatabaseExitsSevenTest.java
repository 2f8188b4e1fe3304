package com.bazaar.cli;

import com.bazaar.postgres.connection.DatabaseBusy;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database that is reachable but has no connection for a command now - the server refuses one more client, or a
 * pool's connections are all in use for its whole timeout - is "busy", not "down": the command fails fast with exit
 * 7 and one sentence (retry in a moment), not exit 1 and not a wait without end.
 */
class ABusyDatabaseExitsSevenTest {

    @TempDir
    Path home;

    @Test
    void aServerThatRefusesOneMoreClientMakesTheCommandExitSeven() throws Exception {
        TestBazaar bazaar = TestBazaar.initialised(home);
        String role = "busy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = bazaar.db.adminDataSource().getConnection()) {
            // a login the server admits no session of at all: "too many connections for role" (SQLSTATE 53300)
            admin.createStatement().execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 0 PASSWORD 'busy-pw'");
            try {
                var env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
                env.put("HOME", home.toString());
                env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
                env.put("BAZAAR_DB_USER", role);
                env.put("BAZAAR_DB_PASSWORD", "busy-pw");
                env.put("BAZAAR_TOKEN", bazaar.adminToken());
                var run = TestBazaar.run(env, "seller", "list");
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BUSY);
                assertThat(run.err()).contains("busy or limited: the database has no connection slot free (too many"
                        + " clients) at ", "; nothing was done, retry in a moment").doesNotContain("\tat ", "busy-pw");
            } finally {
                admin.createStatement().execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void aPoolWhoseConnectionsAreAllInUseIsBusyNotDown() throws Exception {
        TestBazaar bazaar = TestBazaar.initialised(home);
        HikariConfig config = new HikariConfig();
        config.setDataSource(bazaar.db.dataSource());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        config.setPoolName("busy-test");
        try (var pool = new HikariDataSource(config); Connection held = pool.getConnection()) {
            assertThat(held.isValid(1)).isTrue();
            assertThatThrownBy(pool::getConnection).isInstanceOfSatisfying(SQLException.class, e ->
                    assertThat(DatabaseBusy.of(new RuntimeException(e))).hasValue("no database connection was free"
                            + " in time (every connection of the pool was in use)"));
        }
        // a statement refused is not busy, nor is a server out of reach
        assertThat(DatabaseBusy.of(new SQLException("duplicate key", "23505"))).isEmpty();
        assertThat(DatabaseBusy.of(new SQLException("Connection refused", "08001"))).isEmpty();
    }
}
