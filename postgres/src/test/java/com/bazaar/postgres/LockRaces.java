package com.bazaar.postgres;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two transactions raced on purpose: one holds its locks while the test watches the other wait behind them. */
final class LockRaces {

    private LockRaces() {
    }

    /**
     * Waits until a backend is blocked by {@code holder}'s locks (PostgreSQL's own account: {@code pg_blocking_pids},
     * read through {@code admin}), failing if {@code other} finishes first - it did not wait - or nothing blocks
     * within 30 s.
     */
    static void awaitBlockedBehind(DataSource admin, Connection holder, CompletableFuture<?> other, String what)
            throws SQLException, InterruptedException {
        int pid;
        try (Statement st = holder.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        JdbcClient jdbc = JdbcClient.create(admin);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY (pg_blocking_pids(pid))")
                .param("pid", pid).query(Long.class).single() == 0) {
            assertThat(other).as(what + " (it finished without waiting)").isNotDone();
            assertThat(System.nanoTime()).as(what + " (nothing blocked within 30 s)").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(other).as(what).isNotDone();
    }

    /** A connection with a transaction open. */
    static Connection begin(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs {@code sql} in a transaction of its own; what refused it, or null when it committed. */
    static Throwable attempt(DataSource dataSource, String sql) {
        try (Connection c = begin(dataSource)) {
            exec(c, sql);
            c.commit();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
