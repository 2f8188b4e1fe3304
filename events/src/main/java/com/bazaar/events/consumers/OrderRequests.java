package com.bazaar.events.consumers;

import com.bazaar.domain.shared.Json;
import com.bazaar.events.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of order intake ({@code bazaar order submit}, storefronts in tests): publishes a request keyed by its
 * idempotency key and, if asked, waits for its result. Waiting reads the results topic from its end as it was
 * before the request was sent, so only an answer to this request (or to a repeat of it) matches.
 */
public final class OrderRequests implements AutoCloseable {

    private final Topics topics;
    private final KafkaProducer<String, String> producer;
    private final KafkaConnection connection;
    private KafkaConsumer<String, String> results;

    /** On a plaintext connection without authentication. */
    public OrderRequests(String bootstrapServers, Topics topics) {
        this(KafkaConnection.plaintext(bootstrapServers), topics);
    }

    public OrderRequests(KafkaConnection connection, Topics topics) {
        this.topics = topics;
        this.connection = connection;
        this.producer = new KafkaProducer<>(Worker.producerConfig(connection), new StringSerializer(),
                new StringSerializer());
    }

    /** Starts listening for results (call before {@link #submit} when the result is awaited). */
    public void listen() {
        results = new KafkaConsumer<>(connection.config(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(),
                new StringDeserializer());
        ensureExists(topics.orderResults());
        // a topic just created (here, or by a worker starting at the same moment) reaches the brokers' metadata a
        // little later: until then it has no partitions to read
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            partitions = results.partitionsFor(topics.orderResults(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker has no partitions of " + topics.orderResults()
                            + " 30 s after it was created");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + topics.orderResults(), e);
                }
            }
        }
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(results::position); // fixes the end now, before the request is sent
    }

    /**
     * Creates the topic (the broker's default partitions) when a submit comes before any worker answered: a broker
     * that does not create topics on demand would otherwise leave nothing to listen to.
     */
    private void ensureExists(String topic) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(connection.config(Map.of()))) {
            if (!Broker.await(admin.listTopics().names(), "cannot list the topics").contains(topic)) {
                Broker.await(admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic,
                        Optional.empty(), Optional.empty()))).all(), "cannot create " + topic);
            }
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Publishes the request (the JSON of docs/events.md) and returns once the broker acknowledged it. */
    public void submit(Map<String, Object> request, String correlationId) {
        var record = new ProducerRecord<>(topics.orderRequests(), (String) request.get("idempotency_key"),
                Json.write(request));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes("OrderRequested")));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes(OrderIntake.VERSION)));
        record.headers().add(new RecordHeader(EventHeaders.CORRELATION_ID, EventHeaders.bytes(correlationId)));
        Broker.await(producer.send(record), "the request could not be published to " + topics.orderRequests());
    }

    /** The first result for the idempotency key within the timeout, as JSON. */
    public Optional<Map<String, Object>> await(String idempotencyKey, Duration timeout) {
        if (results == null) {
            throw new IllegalStateException("listen() before submit() to await a result");
        }
        long until = System.nanoTime() + timeout.toNanos(); // a deadline, not a time of day: the monotonic clock
        while (System.nanoTime() - until < 0) {
            for (var record : results.poll(Duration.ofMillis(200))) {
                if (idempotencyKey.equals(record.key())) {
                    try {
                        return Optional.of(Json.readObject(record.value()));
                    } catch (RuntimeException e) {
                        // not a result this code writes: keep waiting for one
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        producer.close();
        if (results != null) {
            results.close();
        }
    }
}
