package com.bazaar.events.consumers;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which failures are transient - worth the same record again after a pause - and which are not. Transient: the
 * database or the broker unreachable or overloaded (a connection that fails or breaks, SQLSTATE classes 08, 53, 57P,
 * serialization failures and deadlocks 40001/40P01, lock timeouts 55P03), Spring's transient and recoverable data
 * access errors, Kafka's retriable errors, timeouts; and a rollback that failed after a transient failure (the database
 * killed mid-transaction: the statement fails, then the rollback on the dead connection does too, and Spring throws
 * the rollback's failure with the first one as its application exception). Everything else (a constraint, a missing privilege, a bug) fails
 * the same way again: the record goes to the dead-letter topic at once, where it waits for the fix and a replay.
 */
public final class Failures {

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Poison) {
                return false;
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && isTransient(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.dao.RecoverableDataAccessException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
