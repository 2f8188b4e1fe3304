package com.bazaar.cli;

import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.shared.Json;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.DeadLetterMirror;
import com.bazaar.events.consumers.EventHeaders;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order intake through the queue (bazaar.order-requests.v1 → order-intake → bazaar.order-results.v1) on a real broker
 * and a real PostgreSQL: one idempotency key is one order however many requests carry it and however many workers
 * take them at once; every request gets its answer; a refusal is an answer; a request that cannot be read is a dead
 * letter, listed by 'events dlq list'.
 */
class OrdersThroughTheQueueArePlacedOnceTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String servers;
    private Topics topics;
    private String aliceToken;
    private final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        servers = TestKafka.bootstrapServers();
        topics = new Topics(TestKafka.unique("intake"));
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100);
        aliceToken = bazaar.user("alice", Role.OPERATOR, null);
        var worker = bazaar.authenticate(bazaar.user("order-worker", Role.OPERATOR, null));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topics.orderRequests(), 4, (short) 1),
                    new NewTopic(topics.orderResults(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        var settings = Worker.Settings.of(servers).withGroupPrefix(TestKafka.unique("intake-group") + "-")
                .withRetries(Duration.ofMillis(100), Duration.ofSeconds(1), 3);
        for (int i = 0; i < 2; i++) { // two workers in one group share the four partitions
            workers.add(WorkerRuntime.start(bazaar.services, worker, topics, Set.of(OrderIntake.NAME,
                    DeadLetterMirror.NAME), settings, new ConsumerMetrics(new SimpleMeterRegistry())));
        }
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(Worker::close);
    }

    @Test
    void sixteenConcurrentRequestsWithOneKeyPlaceOneOrderAndEachIsAnswered() throws Exception {
        String request = "{\"idempotency_key\":\"cart-16\",\"seller\":\"ACME\",\"buyer\":\"b-16\","
                + "\"lines\":[{\"sku\":\"MUG\",\"quantity\":2}],\"requested_by\":\"alice\"}";
        try (var producer = producer()) {
            // spread over every partition, so that both workers place at the same time
            var sent = Concurrently.run(16, i -> () -> producer.send(record(topics.orderRequests(), i % 4, "cart-16",
                    request)).get(30, TimeUnit.SECONDS));
            assertThat(sent).allSatisfy(o -> assertThat(o.failure()).isNull());
        }
        var results = results(16);
        assertThat(results).hasSize(16).allSatisfy(r -> assertThat(r).containsEntry("status", "PLACED")
                .containsEntry("total", "25.98").containsEntry("currency", "USD"));
        assertThat(results).extracting(r -> r.get("order")).containsOnly(results.get(0).get("order"));
        assertThat(results).filteredOn(r -> Boolean.FALSE.equals(r.get("replayed"))).hasSize(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(2);
        assertThat(bazaar.jdbc.sql("SELECT actor_name FROM audit_log WHERE action = 'order.place'").query(String.class)
                .list()).as("placed as requested_by").containsExactly("alice");

        // the same request through the command line: the same order again
        var submit = bazaar.cliWithEnv(kafkaEnv(), aliceToken, "order", "submit", "--idempotency-key", "cart-16", "--buyer",
                "b-16", "--seller", "ACME", "--line", "MUG:2", "--wait", "--output", "json");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("\"order\" : " + results.get(0).get("order")).contains("\"replayed\" : true");
    }

    @Test
    void aRefusalIsAnAnswerAndAnUnreadableRequestIsADeadLetter() throws Exception {
        var oversell = bazaar.cliWithEnv(kafkaEnv(), aliceToken, "order", "submit", "--idempotency-key", "cart-big",
                "--buyer", "b", "--seller", "ACME", "--line", "MUG:101", "--wait");
        assertThat(oversell.exitCode()).as(oversell.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(oversell.err()).contains("INSUFFICIENT_STOCK");
        String stranger = "{\"idempotency_key\":\"cart-x\",\"seller\":\"ACME\",\"buyer\":\"b\","
                + "\"lines\":[{\"sku\":\"MUG\",\"quantity\":1}],\"requested_by\":\"nobody\"}";
        try (var producer = producer()) {
            producer.send(record(topics.orderRequests(), 0, "cart-x", stranger)).get(30, TimeUnit.SECONDS);
            producer.send(record(topics.orderRequests(), 1, "junk", "{not json")).get(30, TimeUnit.SECONDS);
        }
        var answers = results(2);
        assertThat(answers).anySatisfy(r -> assertThat(r).containsEntry("status", "REFUSED")
                .containsEntry("reason", "REQUESTER_UNKNOWN"));
        Eventually.within(Duration.ofSeconds(30), "the unreadable request is a dead letter", () -> bazaar.jdbc
                .sql("SELECT count(*) FROM dead_letters").query(Long.class).single() == 1);
        var list = bazaar.cli(bazaar.adminToken(), "events", "dlq", "list", "--consumer", "order-intake",
                "--output", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("\"reason\" : \"UNPARSEABLE\"").contains("\"attempts\" : 1")
                .contains("\"topic\" : \"" + topics.orderRequests() + "\"").contains("\"key\" : \"junk\"");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()).isZero();
    }

    private Map<String, String> kafkaEnv() {
        return Map.of("BAZAAR_KAFKA", servers, "BAZAAR_KAFKA_TOPIC_PREFIX", topics.prefix());
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Worker.producerConfig(servers), new StringSerializer(), new StringSerializer());
    }

    private static ProducerRecord<String, String> record(String topic, int partition, String key, String json) {
        var record = new ProducerRecord<>(topic, partition, key, json);
        record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes("OrderRequested")));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes("1")));
        record.headers().add(new RecordHeader(EventHeaders.CORRELATION_ID, EventHeaders.bytes("storefront-" + key)));
        return record;
    }

    /** The first {@code n} results on the results topic (failing after 60 s). */
    private List<Map<String, Object>> results(int n) {
        List<Map<String, Object>> results = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topics.orderResults(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Instant until = Instant.now().plusSeconds(60);
            while (results.size() < n && Instant.now().isBefore(until)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> results.add(Json.readObject(r.value())));
            }
        }
        return results;
    }
}
