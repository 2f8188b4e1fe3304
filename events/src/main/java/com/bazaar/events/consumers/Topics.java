package com.bazaar.events.consumers;

import com.bazaar.events.relay.EventRecords;

/**
 * Bazaar's topic names (docs/events.md, "Topics"): {@code <prefix>.<aggregate>.v1}, {@code <prefix>.order-requests.v1},
 * {@code <prefix>.order-results.v1}, and a dead-letter topic {@code <topic>.dlt} for each topic a consumer reads. The
 * prefix is {@code bazaar} unless {@code BAZAAR_KAFKA_TOPIC_PREFIX} names another, so that installations (or tests)
 * sharing a cluster keep apart - the relay names its topics the same way ({@link EventRecords#topic}).
 */
public record Topics(String prefix) {

    public static final Topics STANDARD = new Topics(EventRecords.DEFAULT_PREFIX);

    public Topics {
        if (!EventRecords.validPrefix(prefix)) {
            throw new IllegalArgumentException("a topic prefix is 1 to 200 letters, digits or . _ - (got '" + prefix
                    + "')");
        }
    }

    /** The events of one aggregate type ({@code order}, {@code payment}, ...), major version 1. */
    public String events(String aggregateType) {
        return EventRecords.topic(prefix, aggregateType, 1);
    }

    public String orderRequests() {
        return prefix + ".order-requests.v1";
    }

    public String orderResults() {
        return prefix + ".order-results.v1";
    }

    /**
     * The prefix of the consumer group names: {@code <prefix>-<consumer>} ({@code bazaar-order-intake}), so that two
     * installations sharing a cluster under different topic prefixes never share a group either.
     */
    public String groupPrefix() {
        return prefix + "-";
    }

    public static String deadLetters(String topic) {
        return topic + ".dlt";
    }
}
