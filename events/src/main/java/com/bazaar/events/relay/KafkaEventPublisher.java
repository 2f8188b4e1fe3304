package com.bazaar.events.relay;

import com.bazaar.domain.event.EventPublisher;
import com.bazaar.domain.event.OutboxMessage;
import com.bazaar.events.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link EventPublisher} over Kafka: an idempotent producer ({@code acks=all}, {@code enable.idempotence=true}, at most
 * 5 requests in flight, which the idempotent producer keeps in order per partition), records as {@link EventRecords}
 * builds them. {@link #send} hands the whole batch to the producer and returns; its {@code awaitAcknowledged} waits for
 * every acknowledgement. A topic it has not seen is created first when missing (the partitions and replication factor of the settings).
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

    /**
     * Where and how to publish: the connection to the cluster, the topic prefix, and the partitions and replication
     * factor of a topic the relay creates. {@link #of(String)} and the {@code String} constructor: a plaintext
     * connection without authentication.
     */
    public record Settings(KafkaConnection connection, String topicPrefix, int partitions, short replicationFactor) {

        public static final int DEFAULT_PARTITIONS = 3;
        public static final short DEFAULT_REPLICATION = 1;

        public Settings {
            Objects.requireNonNull(connection, "connection");
            if (!EventRecords.validPrefix(topicPrefix)) {
                throw new IllegalArgumentException("the topic prefix must be letters, digits, '.', '_' or '-': "
                        + topicPrefix);
            }
            if (partitions < 1 || replicationFactor < 1) {
                throw new IllegalArgumentException("partitions and replication factor must be positive");
            }
        }

        public Settings(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor) {
            this(KafkaConnection.plaintext(Objects.requireNonNull(bootstrapServers, "bootstrapServers")), topicPrefix,
                    partitions, replicationFactor);
        }

        public static Settings of(String bootstrapServers) {
            return of(KafkaConnection.plaintext(bootstrapServers));
        }

        public static Settings of(KafkaConnection connection) {
            return new Settings(connection, EventRecords.DEFAULT_PREFIX, DEFAULT_PARTITIONS, DEFAULT_REPLICATION);
        }

        public String bootstrapServers() {
            return connection.bootstrapServers();
        }

        public Settings withTopicPrefix(String prefix) {
            return new Settings(connection, prefix, partitions, replicationFactor);
        }
    }

    /** How long one batch may take to be acknowledged before the pass fails (and is sent again later). */
    private static final int DELIVERY_TIMEOUT_MS = 30_000;

    private final Settings settings;
    private volatile KafkaProducer<String, String> producer;
    private final Admin admin;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

    public KafkaEventPublisher(Settings settings) {
        this.settings = settings;
        this.producer = newProducer(settings);
        this.admin = Admin.create(settings.connection().config(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)));
    }

    /** {@link #producerConfig(KafkaConnection)} on a plaintext connection (the events benchmark). */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return producerConfig(KafkaConnection.plaintext(bootstrapServers));
    }

    /** The producer's settings: what makes publishing idempotent and ordered per key. */
    public static Map<String, Object> producerConfig(KafkaConnection connection) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // the relay sends a batch of outbox rows at once, then reads and marks: 20 ms and 64 KiB let one producer
        // batch per partition take a whole relay batch (about 1,800 records per request instead of 420), which cut the
        // relay's CPU in this JVM by about half and made it about 20 % faster (docs/performance.md, Events); an event
        // waits at most 20 ms more before it is sent
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bazaar-relay");
        return connection.config(config);
    }

    public Settings settings() {
        return settings;
    }

    /** The current producer's metrics (Kafka's producer-metrics group and others): what a benchmark compares. */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> producerMetrics() {
        return producer.metrics();
    }

    @Override
    public Sending send(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return () -> { };
        }
        var records = messages.stream().map(m -> EventRecords.record(settings.topicPrefix(), m)).toList();
        Set<String> topics = new LinkedHashSet<>();
        records.forEach(r -> topics.add(r.topic()));
        ensureTopics(topics);
        KafkaProducer<String, String> sending = producer;
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (var record : records) {
                Future<RecordMetadata> ack = sendOne(sending, record, messages.get(acks.size()));
                acks.add(ack);
                if (ack.isDone()) { // refused at once (e.g. no metadata within max.block.ms: the broker away)?
                    awaitAck(ack, messages.get(acks.size() - 1), record.topic());
                }
            }
        } catch (PublishFailed e) {
            // nothing after a refused record may reach the broker before it does: not the rest of this batch, not
            // a batch sent behind it
            replace(sending);
            throw e;
        }
        return () -> {
            try {
                for (int i = 0; i < acks.size(); i++) {
                    awaitAck(acks.get(i), messages.get(i), records.get(i).topic());
                }
            } catch (PublishFailed e) {
                replace(sending);
                throw e;
            }
        };
    }

    private static Future<RecordMetadata> sendOne(KafkaProducer<String, String> producer,
                                                  ProducerRecord<String, String> record, OutboxMessage message) {
        try {
            return producer.send(record);
        } catch (RuntimeException e) { // the producer was closed, or the thread interrupted
            throw new PublishFailed("Kafka did not take event " + message.id() + " (topic " + record.topic() + "): "
                    + e.getMessage(), e);
        }
    }

    private static void awaitAck(Future<RecordMetadata> ack, OutboxMessage message, String topic) {
        try {
            ack.get(DELIVERY_TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted while waiting for Kafka to acknowledge event " + message.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new PublishFailed("Kafka did not acknowledge event " + message.id() + " (topic " + topic + "): "
                    + cause.getMessage(), cause);
        }
    }

    /**
     * Drops what the failed batch's producer still holds - the rest of that batch and any batch sent behind it
     * (closed without waiting: its unsent records fail, none goes out later) - and makes a new one for the next pass.
     */
    private synchronized void replace(KafkaProducer<String, String> failed) {
        if (producer != failed) {
            return; // replaced already, by the failure of the batch before or after it
        }
        failed.close(java.time.Duration.ZERO);
        producer = newProducer(settings);
    }

    private static KafkaProducer<String, String> newProducer(Settings settings) {
        return new KafkaProducer<>(producerConfig(settings.connection()), new StringSerializer(),
                new StringSerializer());
    }

    private void ensureTopics(Set<String> topics) {
        List<NewTopic> missing = topics.stream().filter(t -> !knownTopics.contains(t))
                .map(t -> new NewTopic(t, settings.partitions(), settings.replicationFactor())).toList();
        if (missing.isEmpty()) {
            return;
        }
        for (var created : admin.createTopics(missing).values().entrySet()) {
            try {
                created.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new PublishFailed("cannot create topic " + created.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailed("interrupted while creating topic " + created.getKey(), e);
            } catch (TimeoutException e) {
                throw new PublishFailed("Kafka did not answer creating topic " + created.getKey(), e);
            }
            awaitLeaders(created.getKey());
            knownTopics.add(created.getKey());
        }
    }

    /**
     * Waits (up to 30 s) until every partition of a topic just created has a leader: a first batch sent before that
     * is refused (NOT_LEADER_OR_FOLLOWER) and, retried by the idempotent producer, can end in OUT_OF_ORDER_SEQUENCE
     * after the delivery timeout - nothing would be lost (nothing is marked), but the pass would fail for nothing.
     */
    private void awaitLeaders(String topic) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic);
                if (description != null && !description.partitions().isEmpty()
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not known to the broker we asked yet: ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailed("interrupted while waiting for the leaders of " + topic, e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailed("interrupted while waiting for the leaders of " + topic, e);
            }
        }
        throw new PublishFailed("the partitions of topic " + topic + " have no leader after 30 s", null);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
        admin.close(java.time.Duration.ofSeconds(5));
    }

    /** The broker did not take a batch (or a topic); nothing of it may be marked published. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
