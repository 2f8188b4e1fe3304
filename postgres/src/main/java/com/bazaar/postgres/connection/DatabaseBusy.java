package com.bazaar.postgres.connection;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Whether a failure means the database is reachable but has no connection for us now - the pool's connections were
 * all in use for its whole connection timeout, or the server refused one more client (SQLSTATE 53300, too many
 * connections) - rather than out of reach ({@link ConnectionLoss}) or a refused statement. Nothing was done; the same
 * command may succeed in a moment: the command line exits 7 ("busy or limited").
 */
public final class DatabaseBusy {

    private DatabaseBusy() {
    }

    /** One sentence saying why, if the failure is this. */
    public static Optional<String> of(Throwable failure) {
        if (ConnectionLoss.of(failure).isPresent()) {
            return Optional.empty();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "53300".equals(sql.getSQLState())) {
                return Optional.of("the database has no connection slot free (too many clients)");
            }
            // HikariCP's pool timeout: no state of its own, the last failed attempt's if there was one (not here)
            if (t instanceof SQLTransientConnectionException pool && pool.getSQLState() == null
                    && String.valueOf(pool.getMessage()).contains("Connection is not available")) {
                return Optional.of("no database connection was free in time (every connection of the pool was in"
                        + " use)");
            }
        }
        return Optional.empty();
    }
}
