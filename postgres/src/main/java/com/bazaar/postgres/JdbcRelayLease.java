package com.bazaar.postgres;

import com.bazaar.domain.event.RelayLease;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link RelayLease} as a PostgreSQL session advisory lock, held on a connection of its own for as long as the relay
 * holds the lease. Only one session of the whole installation (any host) can hold it, and the server drops it the
 * moment that session ends (the process killed, the host lost, the connection cut), so no lease outlives its relay.
 * The key is a single bigint, a space apart from the two-key run leases of batch jobs.
 */
public final class JdbcRelayLease implements RelayLease {

    /** {@code hashtextextended('bazaar-outbox-relay', 0)} would do as well; a constant is easier to find in pg_locks. */
    public static final long KEY = 0x62617a6161725250L; // "bazaarRP"

    private final DataSource dataSource;

    public JdbcRelayLease(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Held> tryTake() {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            boolean taken;
            try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, KEY);
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    taken = rs.getBoolean(1);
                }
            }
            if (!taken) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(new Lease(connection));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot take the relay lease: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lease dies with the session anyway
            }
        }
    }

    private static final class Lease implements Held {

        private final Connection connection;
        private boolean closed;

        Lease(Connection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized boolean stillHeld() {
            if (closed) {
                return false;
            }
            try (var statement = connection.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                            + " AND pid = pg_backend_pid() AND objsubid = 1"
                            + " AND ((classid::bigint << 32) | objid::bigint) = ?)")) {
                statement.setLong(1, KEY);
                try (var rs = statement.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                return false; // the session is gone, and the lock with it
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (var statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, KEY);
                statement.execute();
            } catch (SQLException ignored) {
                // a session that is gone holds nothing
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
