package com.bazaar.cli.wiring;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.cli.config.KafkaSettings;
import com.bazaar.events.KafkaConnection;
import com.bazaar.events.broker.ChildJvm;
import com.bazaar.events.broker.LocalKafkaBroker;

/**
 * Where Kafka is and how to connect to it, for every command that needs it ({@code events relay}, {@code worker},
 * {@code serve}, {@code order submit}, {@code events dlq replay}, {@code events status}): {@link #connection} gives the
 * external cluster's servers and client properties (SASL, TLS), or the local broker's address after starting it if it
 * was not running - as {@link DatabaseConnector} does for PostgreSQL.
 */
public final class KafkaConnector {

    private KafkaConnector() {
    }

    /** The connection every Kafka client is given; starts the home's broker when it is the one in use. */
    public static KafkaConnection connection(BazaarConfig config) {
        KafkaSettings kafka = config.kafka();
        if (kafka instanceof KafkaSettings.External external) {
            return external.connection();
        }
        return KafkaConnection.plaintext(broker(config).ensureRunning());
    }

    /** The external cluster, or the home's broker if it runs now; empty when neither (nothing is started). */
    public static java.util.Optional<KafkaConnection> configured(BazaarConfig config) {
        KafkaSettings kafka = config.kafka();
        if (kafka instanceof KafkaSettings.External external) {
            return java.util.Optional.of(external.connection());
        }
        var status = broker(config).status();
        return status.state() == LocalKafkaBroker.State.RUNNING
                ? status.bootstrapServers().map(KafkaConnection::plaintext) : java.util.Optional.empty();
    }

    /**
     * The home's broker; refused (exit 4, as {@code db stop} refuses with an external database) when an external
     * cluster is configured, so that it is never started then.
     */
    public static LocalKafkaBroker localBroker(BazaarConfig config, String action) {
        KafkaSettings kafka = config.kafka();
        if (kafka instanceof KafkaSettings.External external) {
            throw new CommandFailure(ExitCode.REJECTED, "bazaar uses an " + external.describe()
                    + "; there is no local broker to " + action);
        }
        return broker(config);
    }

    /**
     * The sentence for a failure that is the cluster refusing bazaar (anywhere in the causes): its credentials
     * (a Kafka {@code AuthenticationException}: SASL or TLS) or its rights (an {@code AuthorizationException}: the
     * cluster's ACLs); empty for any other failure. Said with exit 3, as a refused token is.
     */
    public static java.util.Optional<String> refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return java.util.Optional.of("Kafka refused bazaar's credentials: " + firstLine(t) + " (check the"
                        + " SASL/TLS settings of the client properties file, kafka.client-properties)");
            }
            if (t instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return java.util.Optional.of("Kafka denied bazaar's user: " + firstLine(t) + " (the cluster's ACLs"
                        + " must allow it: docs/events.md, secured clusters)");
            }
        }
        return java.util.Optional.empty();
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return com.bazaar.domain.shared.UrlCredentials.redact(message.lines().findFirst().orElse(message));
    }

    /** One sentence for {@code config show}: which Kafka, and for the local broker its address and state. */
    public static String describe(BazaarConfig config) {
        KafkaSettings kafka = config.kafka();
        if (kafka instanceof KafkaSettings.External external) {
            return external.describe();
        }
        var status = broker(config).status();
        return kafka.describe() + ": " + status.state().name().toLowerCase()
                + status.bootstrapServers().map(address -> ", at " + address).orElse(", no address yet")
                + status.pid().map(pid -> ", pid " + pid).orElse("");
    }

    private static LocalKafkaBroker broker(BazaarConfig config) {
        return new LocalKafkaBroker(config.home(), new PrivateBrokerFiles(), ChildJvm.current(), config.kafkaHeap());
    }
}
