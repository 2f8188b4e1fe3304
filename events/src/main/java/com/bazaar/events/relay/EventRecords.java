package com.bazaar.events.relay;

import com.bazaar.domain.event.OutboxMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How an outbox row becomes a Kafka record (docs/events.md, "Topics, keys and headers"): topic
 * {@code <prefix>.<aggregateType>.v<version>}, key the aggregate id, value the payload JSON as stored, and headers
 * with the envelope: {@value #EVENT_ID} (the outbox id, what consumers deduplicate by), {@value #EVENT_TYPE},
 * {@value #EVENT_VERSION}, {@value #CORRELATION_ID}, {@value #OCCURRED_AT} (ISO-8601 UTC). Header values are UTF-8
 * text.
 */
public final class EventRecords {

    public static final String DEFAULT_PREFIX = "bazaar";
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_VERSION = "event_version";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String OCCURRED_AT = "occurred_at";

    /** Kafka's legal topic characters; a prefix is one or more of them. */
    private static final Pattern TOPIC_PART = Pattern.compile("[A-Za-z0-9._-]+");

    private EventRecords() {
    }

    /** {@code bazaar.order.v1}: the topic of an aggregate type and (major) event version. */
    public static String topic(String prefix, String aggregateType, int version) {
        String topic = prefix + "." + aggregateType + ".v" + version;
        if (!TOPIC_PART.matcher(topic).matches() || topic.length() > 249) {
            throw new IllegalArgumentException("not a Kafka topic name: " + topic);
        }
        return topic;
    }

    /** True when the prefix gives legal topic names. */
    public static boolean validPrefix(String prefix) {
        return prefix != null && TOPIC_PART.matcher(prefix).matches() && prefix.length() <= 200;
    }

    /** Topic names already checked, by prefix, aggregate type and version: checked once, not once per record. */
    private static final java.util.Map<List<Object>, String> TOPICS = new java.util.concurrent.ConcurrentHashMap<>();

    public static ProducerRecord<String, String> record(String prefix, OutboxMessage m) {
        var headers = List.<org.apache.kafka.common.header.Header>of(
                header(EVENT_ID, Long.toString(m.id())), header(EVENT_TYPE, m.type()),
                header(EVENT_VERSION, Integer.toString(m.version())), header(CORRELATION_ID, m.correlationId()),
                header(OCCURRED_AT, m.occurredAt().toString()));
        String topic = TOPICS.size() < 10_000
                ? TOPICS.computeIfAbsent(List.of(prefix, m.aggregateType(), m.version()),
                        k -> topic(prefix, m.aggregateType(), m.version()))
                : topic(prefix, m.aggregateType(), m.version());
        return new ProducerRecord<>(topic, null, m.aggregateId(),
                m.payloadJson(), headers);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
