package com.bazaar.events.consumers;

import com.bazaar.events.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How far a consumer group is behind its topics, as the broker sees it: for every partition of the topics, the end
 * offset minus the group's committed offset (a partition the group never committed counts from its earliest offset:
 * the worker reads from the beginning, {@code auto.offset.reset=earliest}). A topic that does not exist yet has nothing
 * to read. Read by the worker for its {@code bazaar_consumer_lag} gauge and by {@code events status}; reads only, never
 * joins the group.
 */
public final class ConsumerLag implements AutoCloseable {

    /** One group's lag in records, and how many consumers are in the group now (0: no worker runs it). */
    public record Lag(String consumer, String group, long records, int members) {
        public Lag {
            if (records < 0 || members < 0) {
                throw new IllegalArgumentException("a lag and a member count are never negative");
            }
        }
    }

    private final Admin admin;
    private final boolean owned;
    private final Duration timeout;

    private ConsumerLag(Admin admin, boolean owned, Duration timeout) {
        this.admin = admin;
        this.owned = owned;
        this.timeout = timeout;
    }

    /** {@link #connect(KafkaConnection, Duration)} on a plaintext connection without authentication. */
    public static ConsumerLag connect(String bootstrapServers, Duration timeout) {
        return connect(KafkaConnection.plaintext(bootstrapServers), timeout);
    }

    /** An admin client of its own on this connection, each call answered within {@code timeout}. */
    public static ConsumerLag connect(KafkaConnection connection, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return new ConsumerLag(Admin.create(connection.config(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis))), true, timeout);
    }

    /** Over an admin client someone else owns and closes (the worker's). */
    static ConsumerLag over(Admin admin, Duration timeout) {
        return new ConsumerLag(admin, false, timeout);
    }

    /**
     * The lag of group {@code group} on {@code topics}; an {@link IllegalStateException} saying what failed when the
     * broker does not answer.
     */
    public Lag of(String consumer, String group, Collection<String> topics) {
        Set<String> existing = new TreeSet<>(topics);
        existing.retainAll(await(admin.listTopics().names(), "cannot list the topics"));
        long records = 0;
        if (!existing.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata(), "cannot read the offsets of group " + group);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            await(admin.describeTopics(existing).allTopicNames(), "cannot describe the topics of group " + group)
                    .forEach((topic, description) -> description.partitions().forEach(p -> {
                        var partition = new TopicPartition(topic, p.partition());
                        latest.put(partition, OffsetSpec.latest());
                        if (committed.get(partition) == null) {
                            earliest.put(partition, OffsetSpec.earliest());
                        }
                    }));
            var ends = offsets(latest, group);
            var starts = offsets(earliest, group);
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long from = at != null ? at.offset() : starts.get(end.getKey()).offset();
                records += Math.max(0, end.getValue().offset() - from);
            }
        }
        return new Lag(consumer, group, records, members(group));
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(Map<TopicPartition, OffsetSpec> specs,
                                                                                  String group) {
        return specs.isEmpty() ? Map.of()
                : await(admin.listOffsets(specs).all(), "cannot read the offsets of the topics of group " + group);
    }

    /** Members of the group now; a group the broker does not know has none. */
    private int members(String group) {
        try {
            return await(admin.describeConsumerGroups(List.of(group)).all(), "cannot describe group " + group)
                    .get(group).members().size();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    private <T> T await(KafkaFuture<T> answer, String what) {
        return Broker.await(answer, what, timeout);
    }

    @Override
    public void close() {
        if (owned) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
