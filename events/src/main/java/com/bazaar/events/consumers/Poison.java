package com.bazaar.events.consumers;

/**
 * A record no retry can help: it cannot be read ({@code UNPARSEABLE}) or is of a version the consumer does not know
 * ({@code UNKNOWN_VERSION}). It goes to the dead-letter topic at once, with this reason.
 */
public final class Poison extends RuntimeException {

    private final String reason;

    public Poison(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Poison(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}
