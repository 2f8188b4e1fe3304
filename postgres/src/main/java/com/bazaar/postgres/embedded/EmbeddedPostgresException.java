package com.bazaar.postgres.embedded;

/** The embedded server could not be prepared or started; the message says what to do. */
public final class EmbeddedPostgresException extends RuntimeException {
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
