package com.bazaar.events.consumers;

/**
 * Bazaar's topic names (docs/events.md, "Topics"), all behind one optional prefix, so that installations (or tests)
 * sharing a cluster keep apart: {@code bazaar.<aggregate>.v1}, {@code bazaar.order-requests.v1},
 * {@code bazaar.order-results.v1}, and a dead-letter topic {@code <topic>.dlt} for each topic a consumer reads.
 */
public record Topics(String prefix) {

    public static final Topics STANDARD = new Topics("");

    public Topics {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]{0,100}")) {
            throw new IllegalArgumentException("a topic prefix is at most 100 letters, digits or . _ -");
        }
    }

    /** The events of one aggregate type ({@code order}, {@code payment}, ...), major version 1. */
    public String events(String aggregateType) {
        return prefix + "bazaar." + aggregateType + ".v1";
    }

    public String orderRequests() {
        return prefix + "bazaar.order-requests.v1";
    }

    public String orderResults() {
        return prefix + "bazaar.order-results.v1";
    }

    public static String deadLetters(String topic) {
        return topic + ".dlt";
    }
}
