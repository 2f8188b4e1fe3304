package com.bazaar.cli;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.postgres.Database;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests that {@code kill -9} a bazaar process share: the test's own services over a pool whose connections
 * are told apart from the killed process's by their application name, the kill itself, and the wait until the killed
 * process's database sessions are gone (a COMMIT it sent just before it died may still be applied until then, and
 * what it had open is rolled back then).
 */
final class KilledProcesses {

    static final int SIGKILL_EXIT = 128 + 9;

    private KilledProcesses() {
    }

    /** The test's services over a pool of {@code size} connections named {@code application}. */
    record PooledServices(HikariDataSource pool, Services services, String application) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }

    static PooledServices pooled(TestBazaar bazaar, java.nio.file.Path home, String application, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(bazaar.db.jdbcUrl());
        config.setUsername(bazaar.db.user());
        config.setPassword(bazaar.db.password());
        config.setMaximumPoolSize(size);
        config.addDataSourceProperty("ApplicationName", application);
        config.setPoolName(application);
        HikariDataSource pool = new HikariDataSource(config);
        return new PooledServices(pool, new Services(new Database(pool), bazaar.clock, new SecureRandomSecrets(),
                TestBazaar.anchoring(home)), application);
    }

    /** SIGKILL, and the proof it was that and not an exit of its own. */
    static void kill(Process process, BazaarProcess cli, String what) throws Exception {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(what + " died").isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL, not ended on its own: %s", cli.errorsSoFar(process))
                .isEqualTo(SIGKILL_EXIT);
    }

    /** Waits until no session of the application's login is left but the test's own pool's. */
    static void awaitSessionsEnded(Connection c, PooledServices own, String what) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(30), what + "'s database sessions ended", () -> {
            try {
                return BazaarProcess.count(c, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bazaar_app'"
                        + " AND datname = current_database() AND application_name <> '" + own.application() + "'")
                        == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
