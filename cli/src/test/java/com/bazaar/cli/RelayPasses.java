package com.bazaar.cli;

import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code bazaar events relay --once} as an operator would: a pass that fails marks nothing (at-least-once), so
 * it is run again, at most three times, until the outbox has nothing unpublished. On a freshly created topic the
 * shared test broker sometimes refuses the first batch for good (NOT_LEADER_OR_FOLLOWER, then
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout): the next pass publishes it.
 */
final class RelayPasses {

    private RelayPasses() {
    }

    static void untilAllPublished(TestBazaar bazaar, Map<String, String> env) {
        TestBazaar.Run last = null;
        for (int pass = 0; pass < 3 && unpublished(bazaar) > 0; pass++) {
            last = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "relay", "--once");
        }
        assertThat(unpublished(bazaar)).as("relayed: " + last).isZero();
    }

    static long unpublished(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class).single();
    }

    /** The event_id header of every record of the topics of this prefix (on the test broker), in partition order. */
    static List<String> eventIds(String prefix) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> topics;
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                    org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.bootstrapServers()))) {
                topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix + ".")).toList();
            }
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topics within 30 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> ids.add(new String(
                        r.headers().lastHeader("event_id").value(), StandardCharsets.UTF_8)));
            }
        }
        return ids;
    }
}
