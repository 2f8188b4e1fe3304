package com.bazaar.events.consumers;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures a consumer retries in place and which go to the dead-letter topic at once. */
class FailuresTest {

    @Test
    void aLostConnectionIsTransientAndAViolatedConstraintIsNot() {
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(Failures.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(Failures.isTransient(new DataIntegrityViolationException("dup",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(Failures.isTransient(new IllegalStateException("a bug"))).isFalse();
    }

    /**
     * The database killed in the middle of a transaction: the statement fails (connection lost), then the rollback on
     * the pool's closed connection fails too, and Spring throws the rollback's failure - a SQLException without a
     * SQLSTATE - with the statement's failure as its application exception. Seen in
     * APostgresKilledUnderTheRelayAndTheWorkerLosesNothingIT: the request went to the dead-letter topic at once.
     */
    @Test
    void aRollbackThatFailedAfterALostConnectionIsTransient() {
        var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new RuntimeException(new SQLException("An I/O error occurred", "08006")));
        assertThat(Failures.isTransient(rollback)).isTrue();
    }

    @Test
    void aRollbackThatFailedAfterAPermanentFailureIsNotTransient() {
        var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataIntegrityViolationException("dup",
                new SQLException("duplicate key", "23505")));
        assertThat(Failures.isTransient(rollback)).isFalse();
        assertThat(Failures.isTransient(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).as("no application exception: nothing says it is")
                .isFalse();
    }
}
