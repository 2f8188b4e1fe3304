package com.bazaar.events.broker;

/** The local broker could not be started, stopped or inspected; the message says why and where to look. */
public final class KafkaBrokerException extends RuntimeException {

    public KafkaBrokerException(String message) {
        super(message);
    }

    public KafkaBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
