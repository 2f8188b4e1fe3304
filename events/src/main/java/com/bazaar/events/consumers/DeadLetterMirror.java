package com.bazaar.events.consumers;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.application.RecordDeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consumer {@code dead-letters}: copies every record of the dead-letter topics into the {@code dead_letters} table
 * (once per dead-letter record), where {@code events dlq list|replay|discard} find it. It never gives up: a failure
 * (the database down) is retried until it succeeds, so no dead letter goes unseen.
 */
public final class DeadLetterMirror implements EventConsumer {

    public static final String NAME = "dead-letters";

    private final List<String> deadLetterTopics;
    private final RecordDeadLetter record;

    /** @param deadLetterTopics the {@code <topic>.dlt} of every topic the worker's consumers read */
    public DeadLetterMirror(List<String> deadLetterTopics, RecordDeadLetter record) {
        this.deadLetterTopics = List.copyOf(deadLetterTopics);
        this.record = record;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> topics() {
        return deadLetterTopics;
    }

    @Override
    public boolean deadLetters() {
        return false;
    }

    @Override
    public String handle(ConsumerRecord<String, String> dead) {
        var headers = dead.headers();
        String topic = EventHeaders.text(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC)
                .orElse(dead.topic().endsWith(".dlt") ? dead.topic().substring(0, dead.topic().length() - 4) : dead.topic());
        int partition = binary(headers.lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)).map(ByteBuffer::getInt).orElse(-1);
        long offset = binary(headers.lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)).map(ByteBuffer::getLong).orElse(-1L);
        Map<String, String> kept = new LinkedHashMap<>();
        for (Header header : headers) {
            if (!header.key().startsWith("kafka_") && !header.key().startsWith("bazaar_dlt_") && header.value() != null) {
                kept.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String reason = EventHeaders.text(headers, EventHeaders.DLT_REASON).filter(r -> r.matches("[A-Z][A-Z0-9_]*"))
                .orElse("FAILED");
        int attempts = EventHeaders.text(headers, EventHeaders.DLT_ATTEMPTS).map(DeadLetterMirror::count).orElse(1);
        String error = EventHeaders.text(headers, EventHeaders.DLT_ERROR)
                .or(() -> EventHeaders.text(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).orElse("");
        var arrival = new DeadLetter.Arrival(EventHeaders.text(headers, EventHeaders.DLT_CONSUMER).orElse("unknown"),
                topic, partition, offset, Optional.ofNullable(dead.key()), dead.value() == null ? "" : dead.value(),
                kept, reason, error, attempts, dead.topic(), dead.partition(), dead.offset(),
                Instant.ofEpochMilli(dead.timestamp()));
        return record.record(arrival) ? "recorded" : "duplicate";
    }

    private static Optional<ByteBuffer> binary(Header header) {
        return header == null || header.value() == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(header.value()));
    }

    private static int count(String text) {
        try {
            return Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
