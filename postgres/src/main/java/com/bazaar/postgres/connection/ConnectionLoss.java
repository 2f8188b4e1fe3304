package com.bazaar.postgres.connection;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a failure means the database is out of reach - the server refused, did not answer, dropped or ended the
 * connection - rather than a refused statement: an {@link SQLException} in the chain whose SQLState is of class 08
 * (connection exception) or 57P01-57P03 (the server shuts down, crashed, or cannot take connections yet).
 */
public final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /** The SQLException in the chain that says the connection is lost, if there is one. */
    public static Optional<SQLException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && lost(sql.getSQLState())) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    static boolean lost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03"));
    }
}
