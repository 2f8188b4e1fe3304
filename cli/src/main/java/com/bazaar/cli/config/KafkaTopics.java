package com.bazaar.cli.config;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.events.consumers.Topics;

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

    /** The topic names of this installation; refused (exit 2) when the prefix is not a legal topic name part. */
    public static Topics of(Map<String, String> env) {
        try {
            return new Topics(topicPrefix(env));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, TOPIC_PREFIX_ENV + ": " + e.getMessage());
        }
    }
}
