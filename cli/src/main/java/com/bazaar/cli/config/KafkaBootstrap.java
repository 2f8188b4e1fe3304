package com.bazaar.cli.config;

import java.util.Map;
import java.util.Optional;

/**
 * Which Kafka cluster the event commands and {@code bazaar serve} publish to: {@code --kafka BOOTSTRAP} on the command,
 * else {@code BAZAAR_KAFKA}; none configured means no relay. {@code BAZAAR_KAFKA_TOPIC_PREFIX} (default
 * {@code bazaar}) lets installations that share a cluster keep their topics apart. The one place these are read, to
 * be joined with the configuration of the local broker ({@code bazaar kafka start}).
 */
public final class KafkaBootstrap {

    public static final String ENV = "BAZAAR_KAFKA";
    public static final String TOPIC_PREFIX_ENV = "BAZAAR_KAFKA_TOPIC_PREFIX";

    private KafkaBootstrap() {
    }

    /** The bootstrap servers ({@code host:port[,host:port...]}): the option when given, else the environment. */
    public static Optional<String> resolve(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option.strip());
        }
        return Optional.ofNullable(env.get(ENV)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The prefix of every topic name ({@code <prefix>.<aggregateType>.v<version>}). */
    public static String topicPrefix(Map<String, String> env) {
        return Optional.ofNullable(env.get(TOPIC_PREFIX_ENV)).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(com.bazaar.events.relay.EventRecords.DEFAULT_PREFIX);
    }
}
