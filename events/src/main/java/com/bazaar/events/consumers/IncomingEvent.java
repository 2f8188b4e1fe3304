package com.bazaar.events.consumers;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.support.StoredEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A domain event as a consumer reads it from its record (docs/events.md, "Topics, keys and headers"): its
 * {@code event_id}, its typed record and when it occurred ({@code occurred_at}, else the record's timestamp).
 */
record IncomingEvent(String eventId, Event event, Instant occurredAt) {

    /**
     * The record's event if its type is one of {@code used} (empty otherwise: the consumer skips it); a used type of
     * another version than 1, or one whose headers or payload do not read, is {@link Poison}.
     */
    static Optional<IncomingEvent> read(ConsumerRecord<String, String> record, Set<String> used) {
        String type = EventHeaders.text(record.headers(), EventHeaders.EVENT_TYPE).orElse("");
        if (!used.contains(type)) {
            return Optional.empty();
        }
        String version = EventHeaders.text(record.headers(), EventHeaders.EVENT_VERSION).orElse("");
        if (!version.equals("1")) {
            throw new Poison("UNKNOWN_VERSION", type + " version '" + version + "' (this consumer reads 1)");
        }
        String eventId = EventHeaders.text(record.headers(), EventHeaders.EVENT_ID)
                .orElseThrow(() -> new Poison("UNPARSEABLE", "an event without the " + EventHeaders.EVENT_ID
                        + " header"));
        try {
            Event event = StoredEvents.read(type, record.key(), record.value());
            Instant occurredAt = EventHeaders.text(record.headers(), EventHeaders.OCCURRED_AT).map(Instant::parse)
                    .orElse(Instant.ofEpochMilli(record.timestamp()));
            return Optional.of(new IncomingEvent(eventId, event, occurredAt));
        } catch (RuntimeException e) {
            throw new Poison("UNPARSEABLE", type + " " + eventId + " does not read: " + e.getMessage(), e);
        }
    }
}
