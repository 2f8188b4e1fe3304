package com.bazaar.cli;

import com.bazaar.events.relay.EventRecords;
import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test's event topics (those named {@code <prefix>.*} on the shared test broker) hold: every record
 * ({@link #read}), or how many records one of them holds now ({@link #watch}).
 */
public final class TestTopics implements AutoCloseable {

    private final String topic;
    private final Admin admin;
    private List<TopicPartition> partitions;

    private TestTopics(String topic) {
        this.topic = topic;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
    }

    /** Counts the records of this topic, which may be created later. */
    static TestTopics watch(String topic) {
        return new TestTopics(topic);
    }

    /**
     * How many records the topic holds now: the sum of the end offsets of its partitions (a few milliseconds). None
     * while it does not exist or a partition has no leader yet (nobody could write to it); an
     * {@link java.util.concurrent.ExecutionException} when the broker cannot say (e.g. while it creates the topic).
     */
    long records() throws Exception {
        if (partitions == null) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic);
            if (description.partitions().isEmpty()
                    || description.partitions().stream().anyMatch(p -> p.leader() == null)) {
                return 0;
            }
            partitions = description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(o -> o.offset()).sum();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** Every record of the topics of this prefix, partition by partition (each partition in offset order). */
    static List<ConsumerRecord<String, String>> read(String prefix) throws Exception {
        return read(TestKafka.bootstrapServers(), prefix);
    }

    /** As {@link #read(String)}, on the broker at {@code servers} (a {@code bazaar kafka} broker of a test's own). */
    public static List<ConsumerRecord<String, String>> read(String servers, String prefix) throws Exception {
        List<String> topics;
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            topics = topics(admin, prefix);
        }
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        if (topics.isEmpty()) {
            return out;
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all);
            Map<TopicPartition, List<ConsumerRecord<String, String>>> read = new LinkedHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (all.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topics within 30 s").isLessThan(deadline);
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    read.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            k -> new ArrayList<>()).add(record);
                }
            }
            read.values().forEach(out::addAll);
        }
        return out;
    }

    private static List<String> topics(Admin admin, String prefix) throws Exception {
        return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix + "."))
                .sorted().toList();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The outbox id a record carries (its event_id header). */
    public static long eventId(ConsumerRecord<String, String> record) {
        return Long.parseLong(header(record, EventRecords.EVENT_ID));
    }

    /**
     * For each aggregate ({@code topic/key}) the outbox ids of its events in the order their first copies come
     * (records as {@link #read} returns them, each partition in offset order): at-least-once may repeat an event, but
     * the first copies of an aggregate's events must come in outbox id order.
     */
    static Map<String, List<Long>> firstCopies(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Long>> firstCopies = new LinkedHashMap<>();
        Set<Long> seen = new HashSet<>();
        for (var record : records) {
            long id = eventId(record);
            if (seen.add(id)) {
                firstCopies.computeIfAbsent(record.topic() + "/" + record.key(), k -> new ArrayList<>()).add(id);
            }
        }
        return firstCopies;
    }

    /**
     * Every outbox event is among {@code records} (the aggregates' event topics of {@code topics}) and each
     * aggregate's events first appear there in the order they happened (outbox id order); repeats are allowed.
     */
    public static void assertEveryEventInAggregateOrder(org.springframework.jdbc.core.simple.JdbcClient jdbc,
                                                 com.bazaar.events.consumers.Topics topics,
                                                 List<ConsumerRecord<String, String>> records, String whenNot) {
        Map<String, List<Long>> firstSeen = firstCopies(records);
        Map<String, List<Long>> happened = jdbc.sql("SELECT aggregate_type, aggregate_id, id FROM outbox ORDER BY id")
                .query((rs, n) -> Map.entry(topics.events(rs.getString(1)) + "/" + rs.getString(2), rs.getLong(3)))
                .list().stream().collect(java.util.stream.Collectors.groupingBy(Map.Entry::getKey,
                        LinkedHashMap::new, java.util.stream.Collectors.mapping(Map.Entry::getValue,
                                java.util.stream.Collectors.toList())));
        long outbox = jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(happened.values().stream().mapToLong(List::size).sum())
                .isEqualTo(outbox);
        org.assertj.core.api.Assertions.assertThat(firstSeen.keySet()).as("the aggregates in the topics")
                .isEqualTo(happened.keySet());
        List<String> disordered = happened.entrySet().stream()
                .filter(e -> !e.getValue().equals(firstSeen.get(e.getKey())))
                .map(e -> e.getKey() + ": happened " + e.getValue() + ", first seen " + firstSeen.get(e.getKey()))
                .toList();
        org.assertj.core.api.Assertions.assertThat(disordered)
                .as("aggregates whose events are missing or first appear out of order" + whenNot).isEmpty();
    }
}
