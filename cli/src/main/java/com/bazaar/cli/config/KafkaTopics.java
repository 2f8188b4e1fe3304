package com.bazaar.cli.config;

import java.util.Map;
import java.util.Optional;

/**
 * The names of Bazaar's topics: {@code BAZAAR_KAFKA_TOPIC_PREFIX} (default {@code bazaar}) lets installations that
 * share a cluster keep their topics apart. Which cluster is used is {@link KafkaSettings}'s.
 */
public final class KafkaTopics {

    public static final String TOPIC_PREFIX_ENV = "BAZAAR_KAFKA_TOPIC_PREFIX";

    private KafkaTopics() {
    }

    /** The prefix of every topic name ({@code <prefix>.<aggregateType>.v<version>}). */
    public static String topicPrefix(Map<String, String> env) {
        return Optional.ofNullable(env.get(TOPIC_PREFIX_ENV)).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(com.bazaar.events.relay.EventRecords.DEFAULT_PREFIX);
    }
}
