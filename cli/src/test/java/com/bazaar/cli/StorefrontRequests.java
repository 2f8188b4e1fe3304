package com.bazaar.cli;

import com.bazaar.domain.shared.Json;
import com.bazaar.events.consumers.EventHeaders;
import com.bazaar.events.consumers.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A storefront's side of order intake (docs/events.md, "Order intake") in the kill and outage tests: the request it
 * sends for ACME placed as alice, and the answers it gets back.
 */
final class StorefrontRequests {

    private StorefrontRequests() {
    }

    /** The request with this idempotency key for buyer {@code buyer}: {@code lines} a JSON array of sku and quantity. */
    static ProducerRecord<String, String> request(Topics topics, String key, String buyer, String lines) {
        var record = new ProducerRecord<>(topics.orderRequests(), key, "{\"idempotency_key\":\"" + key
                + "\",\"seller\":\"ACME\",\"buyer\":\"" + buyer + "\",\"lines\":" + lines
                + ",\"requested_by\":\"alice\"}");
        record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes("OrderRequested")));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes("1")));
        record.headers().add(new RecordHeader(EventHeaders.CORRELATION_ID, EventHeaders.bytes("storefront-" + key)));
        return record;
    }

    /**
     * Every request sent ({@code requested}, keys {@code q-N}) placed exactly one order and was answered, only
     * {@code PLACED} naming that order.
     */
    static void assertEachPlacedOnceAndAnswered(org.springframework.jdbc.core.simple.JdbcClient jdbc, String servers,
                                                Topics topics, int requested, Duration within) throws Exception {
        Map<String, Long> orderOfKey = jdbc.sql("SELECT idempotency_key, id FROM orders WHERE idempotency_key"
                + " LIKE 'q-%'").query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        org.assertj.core.api.Assertions.assertThat(orderOfKey).hasSize(requested);
        Map<String, Set<String>> answers = answers(servers, topics, requested, within);
        org.assertj.core.api.Assertions.assertThat(answers.keySet()).isEqualTo(orderOfKey.keySet());
        answers.forEach((key, said) -> org.assertj.core.api.Assertions.assertThat(said).as("the answers to " + key)
                .containsOnly("PLACED " + orderOfKey.get(key)));
    }

    /**
     * Each idempotency key's answers on the results topic ({@code STATUS order}) of the broker at {@code servers},
     * once at least {@code keys} keys were answered (waiting up to {@code within}).
     */
    static Map<String, Set<String>> answers(String servers, Topics topics, int keys, Duration within)
            throws Exception {
        Map<String, Set<String>> answers = new HashMap<>();
        Eventually.within(within, "an answer to every request", () -> {
            answers.clear();
            try {
                for (var record : TestTopics.read(servers, topics.prefix())) {
                    if (record.topic().equals(topics.orderResults())) {
                        Map<String, Object> result = Json.readObject(record.value());
                        answers.computeIfAbsent(record.key(), k -> new LinkedHashSet<>())
                                .add(result.get("status") + " " + result.get("order"));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the results topic", e);
            }
            return answers.size() >= keys;
        });
        return answers;
    }
}
