package com.bazaar.cli.wiring;

import com.bazaar.postgres.connection.ConnectionLoss;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * The connection pool of a one-shot command (the batch runtime) that gives up on a database it has lost. A pool
 * waits up to its connection timeout for every connection it is asked for, even while the server refuses at once;
 * after a lost server, Spring Batch asks several times (to record the step, then the job, as failed), so a job used to
 * take minutes to fail. Here, once a connection could not be had because the database is out of reach
 * ({@link ConnectionLoss}), every later request fails at once with that cause: the command ends within one
 * connection timeout of the loss. A server that only dropped its connections (and takes new ones) trips nothing.
 */
public final class FailFastPool extends DelegatingDataSource implements AutoCloseable {

    private final HikariDataSource pool;
    private volatile SQLException lost;

    FailFastPool(HikariDataSource pool) {
        super(pool);
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        SQLException before = lost;
        if (before != null) {
            throw new SQLTransientConnectionException("the database was lost earlier in this command",
                    before.getSQLState(), before);
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (ConnectionLoss.of(e).isPresent()) {
                lost = e;
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the pool logs in with its own user");
    }

    /** Why the database is considered lost, once it is. */
    public Optional<SQLException> lost() {
        return Optional.ofNullable(lost);
    }

    @Override
    public void close() {
        pool.close();
    }
}
