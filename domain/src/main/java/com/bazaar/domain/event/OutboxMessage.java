package com.bazaar.domain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed outbox row as the relay reads it and other systems receive it: its id (the event id consumers
 * deduplicate by), the envelope of docs/events.md, and the payload JSON exactly as stored.
 */
public record OutboxMessage(long id, String type, int version, String aggregateType, String aggregateId,
                            String payloadJson, Instant occurredAt, String correlationId) {

    public OutboxMessage {
        if (id < 1) {
            throw new IllegalArgumentException("outbox ids start at 1");
        }
        Objects.requireNonNull(type, "type");
        if (version < 1) {
            throw new IllegalArgumentException("event versions start at 1");
        }
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
