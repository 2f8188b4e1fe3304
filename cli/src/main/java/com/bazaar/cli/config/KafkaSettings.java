package com.bazaar.cli.config;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.shared.UrlCredentials;
import com.bazaar.events.KafkaConnection;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Kafka bazaar uses: an external cluster ({@code --kafka}, {@code BAZAAR_KAFKA} or {@code kafka.bootstrap-servers}
 * in bazaar.yml) with, when it is secured, its client properties ({@code --kafka-client-properties},
 * {@code BAZAAR_KAFKA_CLIENT_PROPERTIES} or {@code kafka.client-properties}: SASL, TLS), or else the local broker of
 * the home ({@code bazaar kafka start}, {@code $BAZAAR_HOME/kafka}). With an external cluster the local broker is
 * never started; client properties without an external cluster are refused (the local broker is plaintext on
 * 127.0.0.1, and a file meant for a cluster means the cluster was forgotten).
 */
public sealed interface KafkaSettings {

    /**
     * An external cluster: its bootstrap servers ({@code host:port,...}), where they were given, and the client
     * properties that secure the connection (none: plaintext without authentication).
     */
    record External(String bootstrapServers, BazaarConfig.Source source,
                    Optional<KafkaClientProperties> clientProperties) implements KafkaSettings {

        /** Plaintext, without client properties. */
        public External(String bootstrapServers, BazaarConfig.Source source) {
            this(bootstrapServers, source, Optional.empty());
        }

        /** How every Kafka client of bazaar connects to it. */
        public KafkaConnection connection() {
            return new KafkaConnection(bootstrapServers,
                    clientProperties.map(KafkaClientProperties::values).orElse(Map.of()));
        }

        @Override
        public String describe() {
            return "external Kafka at " + UrlCredentials.redact(bootstrapServers) + " (kafka.bootstrap-servers, from "
                    + source.name().toLowerCase() + ")" + clientProperties.map(p -> "; client properties "
                    + p.file() + " (kafka.client-properties, from " + p.source().name().toLowerCase() + "): "
                    + (p.values().isEmpty() ? "none set" : p.describe())).orElse("");
        }
    }

    /** The local broker of this home. */
    record LocalBroker(Path home) implements KafkaSettings {
        @Override
        public String describe() {
            return "the local broker of " + home + " (bazaar kafka start)";
        }
    }

    /** One sentence naming the Kafka in use, credentials masked. */
    String describe();

    /** One entry: an optional {@code scheme://}, a host name, IPv4 or bracketed IPv6 address, and a port. */
    Pattern ENTRY = Pattern.compile("(?:[A-Za-z][A-Za-z0-9_+.-]*://)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");

    /** The Kafka the configuration names. */
    static KafkaSettings of(BazaarConfig config) {
        return config.get(BazaarConfig.Key.KAFKA)
                .<KafkaSettings>map(servers -> new External(servers.strip(),
                        config.source(BazaarConfig.Key.KAFKA), config.kafkaClientProperties()))
                .orElseGet(() -> new LocalBroker(config.home()));
    }

    /**
     * The client properties file the configuration names, read and checked ({@link KafkaClientProperties#read}); empty
     * when none is named. Refused (exit 2) without an external cluster.
     */
    static Optional<KafkaClientProperties> clientProperties(BazaarConfig config) {
        var key = BazaarConfig.Key.KAFKA_CLIENT_PROPERTIES;
        Optional<String> file = config.get(key);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (config.get(BazaarConfig.Key.KAFKA).isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, key.key() + " (from " + config.source(key).name().toLowerCase()
                    + ") secures the connection to an external Kafka cluster, and none is configured: set"
                    + " kafka.bootstrap-servers too (--kafka, BAZAAR_KAFKA), or unset " + key.key() + " (" + key.env()
                    + ") to use the local broker of the home, which is plaintext on 127.0.0.1");
        }
        return Optional.of(KafkaClientProperties.read(Path.of(file.get().strip()), config.source(key)));
    }

    /**
     * Refuses (exit 2) bootstrap servers that are not a comma-separated list of {@code host:port}; the refusal quotes
     * the value with any credentials masked (credentials have no place there: Kafka takes them as SASL settings).
     */
    static void validate(String bootstrapServers, BazaarConfig.Source source) {
        for (String entry : bootstrapServers.split(",", -1)) {
            var m = ENTRY.matcher(entry.strip());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
                // user:password@ without a scheme is no URL to UrlCredentials: masked here the same way
                String shown = UrlCredentials.redact(bootstrapServers).replaceAll("(^|[,\\s])([^,\\s/:@]*):[^,\\s/@]*@",
                        "$1$2:" + UrlCredentials.MASK + "@");
                throw new CommandFailure(ExitCode.USAGE, "kafka.bootstrap-servers must be host:port[,host:port...],"
                        + " without credentials (got '" + shown + "' from " + source.name().toLowerCase() + ")");
            }
        }
    }
}
