package com.bazaar.events;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How every Bazaar Kafka client reaches the cluster: its bootstrap servers and the client properties that secure the
 * connection (SASL, TLS), the same for the relay's producer, the workers' consumers and producers and every admin
 * client. Only settings of the connection are accepted ({@link #refusal}): the ones that decide how events are
 * delivered (acknowledgements, idempotence, isolation, groups, offsets, serializers) are Bazaar's and cannot be
 * changed from outside. The values may be secrets: {@link #toString()} shows the keys only.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {

    /** Keys accepted as they are. */
    public static final Set<String> ALLOWED_KEYS = Set.of(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG,
            CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG,
            CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG,
            CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG);

    /** Key prefixes accepted: every SASL and TLS setting. */
    public static final List<String> ALLOWED_PREFIXES = List.of("sasl.", "ssl.");

    /**
     * Keys a client property may never set because Bazaar sets them: they make publishing acknowledged by every
     * in-sync replica, idempotent and ordered per key, and consuming at least once per group. Named apart from
     * unknown keys so that the refusal says why.
     */
    private static final Set<String> BAZAARS_OWN = Set.of("acks", "enable.idempotence",
            "max.in.flight.requests.per.connection", "retries", "delivery.timeout.ms", "request.timeout.ms",
            "max.block.ms", "linger.ms", "batch.size", "compression.type", "transactional.id", "partitioner.class",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "interceptor.classes",
            "client.id", "group.id", "group.instance.id", "group.protocol", "isolation.level", "enable.auto.commit",
            "auto.commit.interval.ms", "auto.offset.reset", "max.poll.records", "max.poll.interval.ms",
            "session.timeout.ms", "default.api.timeout.ms");

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers");
        }
        Map<String, String> sorted = new TreeMap<>(Objects.requireNonNull(clientProperties, "clientProperties"));
        sorted.forEach((key, value) -> {
            Objects.requireNonNull(value, key);
            refusal(key, value).ifPresent(why -> {
                throw new IllegalArgumentException("Kafka client property " + key + ": " + why);
            });
        });
        clientProperties = Collections.unmodifiableMap(sorted);
    }

    /** A plaintext connection without authentication (the local broker, the test broker). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * Why a client property may not be given, or empty when it may: it must be a key of the connection (allowed keys
     * and prefixes), {@code security.protocol} one Kafka knows, and {@code sasl.jaas.config} a JAAS line Kafka can
     * read. Never quotes the value (it may be a secret), not even through Kafka's own message.
     */
    public static Optional<String> refusal(String key, String value) {
        if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            return Optional.of("the bootstrap servers are given as kafka.bootstrap-servers (--kafka, BAZAAR_KAFKA),"
                    + " not as a client property");
        }
        if (BAZAARS_OWN.contains(key)) {
            return Optional.of("Bazaar sets it itself (it decides how events are delivered: acknowledged by every"
                    + " in-sync replica, in order per key, at least once per consumer group); only security and"
                    + " connection settings may be given");
        }
        if (!allowed(key)) {
            return Optional.of("not a security or connection setting Bazaar passes on (allowed: "
                    + String.join(", ", ALLOWED_PREFIXES.stream().map(p -> p + "*").toList()) + ", "
                    + String.join(", ", ALLOWED_KEYS.stream().sorted().toList()) + ")");
        }
        if (key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                && Arrays.stream(SecurityProtocol.values()).noneMatch(p -> p.name.equalsIgnoreCase(value))) {
            return Optional.of("must be one of " + Arrays.stream(SecurityProtocol.values()).map(p -> p.name)
                    .collect(Collectors.joining(", ")));
        }
        if (key.equals(SaslConfigs.SASL_JAAS_CONFIG)) {
            try {
                JaasContext.loadClientContext(Map.of(key, new Password(value)));
            } catch (IllegalArgumentException e) {
                return Optional.of("not a JAAS configuration Kafka can read: one login module, a control flag"
                        + " (required), key=\"value\" options, and a closing ';' (Kafka's own message is not shown: it"
                        + " may quote part of the password)");
            }
        }
        return Optional.empty();
    }

    /** True for a setting the Kafka producer, consumer or admin client knows (a name, never a secret). */
    public static boolean clientSetting(String key) {
        return ProducerConfig.configNames().contains(key) || ConsumerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key);
    }

    private static boolean allowed(String key) {
        return ALLOWED_KEYS.contains(key) || ALLOWED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * A client's configuration: the client's own settings ({@code bazaar}), the bootstrap servers and the client
     * properties. The two never overlap (the properties are refused keys the client sets).
     */
    public Map<String, Object> config(Map<String, ?> bazaar) {
        Map<String, Object> config = new HashMap<>(bazaar);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(clientProperties);
        return config;
    }

    /** The bootstrap servers and the names of the client properties, never their values. */
    @Override
    public String toString() {
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", clientProperties="
                + clientProperties.keySet() + "]";
    }
}
