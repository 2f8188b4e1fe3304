package com.bazaar.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Apache Kafka broker (KRaft, in process) per test JVM, started on first use and stopped when the JVM exits:
 * a broker costs seconds and hundreds of megabytes, so test classes share it and keep apart by topic and consumer
 * group names of their own ({@link #unique(String)}).
 */
public final class TestKafka {

    private static EmbeddedKafkaKraftBroker broker;
    private static int names;

    private TestKafka() {
    }

    /** The bootstrap servers of the shared broker ({@code host:port,...}). */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            var started = new EmbeddedKafkaKraftBroker(1, 1);
            started.brokerProperty("auto.create.topics.enable", "true");
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "test-kafka-stop"));
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    /** A name no other test of this JVM uses: {@code prefix-<n>}, for topics and consumer groups. */
    public static synchronized String unique(String prefix) {
        return prefix + "-" + ++names;
    }
}
