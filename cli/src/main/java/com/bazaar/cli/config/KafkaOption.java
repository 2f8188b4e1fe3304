package com.bazaar.cli.config;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.events.consumers.Topics;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * Where the Kafka cluster is, for the commands that use it: {@code --kafka HOST:PORT[,...]}, else {@code BAZAAR_KAFKA};
 * topic names start with {@code BAZAAR_KAFKA_TOPIC_PREFIX} when set (installations sharing one cluster). A picocli
 * mixin; the one place these settings are read.
 */
public final class KafkaOption {

    public static final String ENV = "BAZAAR_KAFKA";
    public static final String TOPIC_PREFIX_ENV = "BAZAAR_KAFKA_TOPIC_PREFIX";

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (or BAZAAR_KAFKA).")
    String kafka;

    /** The bootstrap servers; refused (exit 2) when none is configured. */
    public String bootstrapServers(Map<String, String> env) {
        String servers = kafka != null && !kafka.isBlank() ? kafka : env.get(ENV);
        if (servers == null || servers.isBlank()) {
            throw new CommandFailure(ExitCode.USAGE, "no Kafka cluster configured: give --kafka HOST:PORT or set "
                    + ENV);
        }
        if (!servers.strip().matches("[A-Za-z0-9.:\\[\\]_-]+(,[A-Za-z0-9.:\\[\\]_-]+)*")) {
            throw new CommandFailure(ExitCode.USAGE, "--kafka is HOST:PORT[,HOST:PORT...]");
        }
        return servers.strip();
    }

    public Topics topics(Map<String, String> env) {
        try {
            return new Topics(env.getOrDefault(TOPIC_PREFIX_ENV, ""));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, TOPIC_PREFIX_ENV + ": " + e.getMessage());
        }
    }
}
