package com.bazaar.batch.partition;

import java.util.Map;
import java.util.Objects;

/**
 * Where partition requests travel: a Kafka topic the launching process sends one request per partition to, read by
 * one consumer group of workers.
 *
 * @param kafka           the client settings of the cluster (bootstrap servers and the settings that secure the
 *                        connection), the same for every Bazaar Kafka client
 * @param topic           the topic of the requests
 * @param topicPartitions its partitions: at most that many workers take requests at the same time
 * @param group           the workers' consumer group
 */
public record PartitionTransport(Map<String, Object> kafka, String topic, int topicPartitions, String group) {

    /** The topic's name under a prefix ({@code bazaar} in production). */
    public static String topic(String prefix) {
        return prefix + ".batch-partitions.v1";
    }

    public PartitionTransport {
        kafka = Map.copyOf(kafka);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("a partition topic needs at least one partition");
        }
    }
}
