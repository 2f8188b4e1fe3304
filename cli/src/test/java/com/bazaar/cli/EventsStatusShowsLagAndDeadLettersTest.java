package com.bazaar.cli;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.identity.Role;
import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar events status} shows each consumer group's lag as the broker sees it (records of its topics not
 * committed by {@code bazaar-<consumer>}, a partition never committed counted from its beginning) and the dead letters
 * by consumer and topic; without a Kafka it says the lag is unknown and starts no broker. The open dead letters are the
 * state metric {@code bazaar_dlq_messages}.
 */
class EventsStatusShowsLagAndDeadLettersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String sre;
    private String prefix;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        sre = bazaar.user("status-sre", Role.SRE, null);
        prefix = TestKafka.unique("status-test");
        env = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(), "BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
    }

    @Test
    void statusShowsEachConsumersLagAndTheDeadLettersByStatus() throws Exception {
        String requests = prefix + ".order-requests.v1";
        String orders = prefix + ".order.v1";
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(requests, 1, (short) 1), new NewTopic(orders, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(requests, 0, "k" + i, "{}")).get(30, TimeUnit.SECONDS);
                }
                producer.send(new ProducerRecord<>(orders, 0, "o-1", "{}")).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(orders, 1, "o-2", "{}")).get(30, TimeUnit.SECONDS);
            }
            // the order intake's group has read 2 of its 5 requests; the sales and reservations groups never ran (2 unread
            // order events each; the sales group's payment topic does not exist here: nothing to read)
            admin.alterConsumerGroupOffsets(prefix + "-order-intake",
                    Map.of(new TopicPartition(requests, 0), new OffsetAndMetadata(2))).all().get(30, TimeUnit.SECONDS);
        }
        long open = deadLetter(requests, 0);
        long discarded = deadLetter(requests, 1);
        deadLetter(orders, 2);
        var discard = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "dlq", "discard",
                String.valueOf(discarded), "--reason", "duplicate of " + open);
        assertThat(discard.exitCode()).as(discard.toString()).isZero();

        var run = bazaar.cliWithEnv(env, sre, "events", "status", "--output", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode status = JSON.readTree(run.out());
        assertThat(status.get("consumer_lag_unknown").isNull()).isTrue();
        assertThat(status.get("consumer_lag_total").isIntegralNumber()).isTrue();
        assertThat(status.get("consumer_lag_total").asLong()).isEqualTo(7);
        assertThat(lag(status, "order-intake")).isEqualTo(3);
        assertThat(lag(status, "sales")).isEqualTo(2);
        assertThat(lag(status, "reservations")).isEqualTo(2);
        assertThat(lag(status, "dead-letters")).as("its dead-letter topics do not exist: nothing to read").isZero();
        JsonNode intake = row(status.get("consumer_lag"), "consumer", "order-intake");
        assertThat(intake.get("group").asString()).as("groups are named after the topic prefix")
                .isEqualTo(prefix + "-order-intake");
        assertThat(intake.get("members").asInt()).as("no worker runs it").isZero();

        assertThat(status.get("dead_letters_open").asLong()).isEqualTo(2);
        JsonNode intakeLetters = row(status.get("dead_letters"), "topic", requests);
        assertThat(intakeLetters.get("consumer").asString()).isEqualTo("order-intake");
        assertThat(intakeLetters.get("open").isIntegralNumber()).isTrue();
        assertThat(List.of(intakeLetters.get("open").asLong(), intakeLetters.get("replayed").asLong(),
                intakeLetters.get("discarded").asLong())).containsExactly(1L, 0L, 1L);
        assertThat(row(status.get("dead_letters"), "topic", orders).get("open").asLong()).isEqualTo(1);

        // the table says the same
        var table = bazaar.cliWithEnv(env, sre, "events", "status");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("Consumer lag:", "Dead letters:").containsPattern(
                "order-intake\\s+" + java.util.regex.Pattern.quote(prefix) + "-order-intake\\s+3\\s+0").containsPattern(
                "order-intake\\s+" + java.util.regex.Pattern.quote(requests) + "\\s+1\\s+0\\s+1");

        // the open dead letters are a state metric, by topic and consumer (the discarded one is not counted)
        Path file = home.resolve("textfile/status.prom");
        assertThat(bazaar.cliWithEnv(env, sre, "--metrics-file", file.toString(), "events", "status").exitCode())
                .isZero();
        String text = Files.readString(file);
        assertThat(text).contains("bazaar_dlq_messages{consumer=\"order-intake\",topic=\"" + requests + "\"} 1.0")
                .contains("bazaar_dlq_messages{consumer=\"sales\",topic=\"" + orders + "\"} 1.0");
        HealthAndMetricsTest.assertWellFormed(text);
    }

    @Test
    void withoutAKafkaTheLagIsUnknownAndNoBrokerIsStarted() throws Exception {
        deadLetter(prefix + ".order-requests.v1", 0);
        var run = bazaar.cli(sre, "events", "status", "--output", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode status = JSON.readTree(run.out());
        assertThat(status.get("consumer_lag").isNull()).isTrue();
        assertThat(status.get("consumer_lag_total").isNull()).isTrue();
        assertThat(status.get("consumer_lag_unknown").asString()).contains("no Kafka");
        assertThat(status.get("dead_letters_open").asLong()).isEqualTo(1);
        assertThat(Files.exists(home.resolve("kafka"))).as("no broker started").isFalse();

        var table = bazaar.cli(sre, "events", "status");
        assertThat(table.out()).containsPattern("consumer lag unknown: +no Kafka")
                .doesNotContain("Consumer lag:", "consumer lag total");

        // who may look: not a seller (events.view)
        bazaar.seller("ACME", "USD");
        String seller = bazaar.user("status-seller", Role.SELLER, "ACME");
        assertThat(bazaar.cli(seller, "events", "status").exitCode()).isEqualTo(ExitCode.DENIED);
    }

    private long deadLetter(String topic, long offset) {
        String consumer = topic.endsWith(".order-requests.v1") ? "order-intake" : "sales";
        var arrival = new DeadLetter.Arrival(consumer, topic, 0, offset, Optional.of("k" + offset), "not json",
                Map.of(), "UNPARSEABLE", "JsonParseException: not json", 1, topic + ".dlt", 0, offset,
                Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(bazaar.services.recordDeadLetter().record(arrival)).isTrue();
        return bazaar.jdbc.sql("SELECT id FROM dead_letters WHERE dlt_topic = :t AND dlt_offset = :o")
                .param("t", topic + ".dlt").param("o", offset).query(Long.class).single();
    }

    private static long lag(JsonNode status, String consumer) {
        JsonNode row = row(status.get("consumer_lag"), "consumer", consumer);
        assertThat(row.get("lag").isIntegralNumber()).isTrue();
        return row.get("lag").asLong();
    }

    private static JsonNode row(JsonNode rows, String key, String value) {
        assertThat(rows.isArray()).as(String.valueOf(rows)).isTrue();
        for (JsonNode row : rows) {
            if (row.get(key).asString().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + key + " " + value + " in " + rows);
    }
}
