package com.bazaar.cli.config;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.shared.UrlCredentials;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which Kafka bazaar uses: an external cluster ({@code --kafka}, {@code BAZAAR_KAFKA} or {@code kafka.bootstrap-servers}
 * in bazaar.yml), or else the local broker of the home ({@code bazaar kafka start}, {@code $BAZAAR_HOME/kafka}). With
 * an external cluster the local broker is never started.
 */
public sealed interface KafkaSettings {

    /** An external cluster: its bootstrap servers ({@code host:port,...}) and where they were given. */
    record External(String bootstrapServers, BazaarConfig.Source source) implements KafkaSettings {
        @Override
        public String describe() {
            return "external Kafka at " + UrlCredentials.redact(bootstrapServers) + " (kafka.bootstrap-servers, from "
                    + source.name().toLowerCase() + ")";
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
                        config.source(BazaarConfig.Key.KAFKA)))
                .orElseGet(() -> new LocalBroker(config.home()));
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
