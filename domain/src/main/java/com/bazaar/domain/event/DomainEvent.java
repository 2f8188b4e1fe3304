package com.bazaar.domain.event;

import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.Json;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The envelope of a fact that happened, as the outbox stores it and other systems receive it: its type and schema
 * version (docs/events.md is the contract), the aggregate it is about, its payload, when and under which correlation
 * id. Built from a typed {@link Event} by {@link #of}, the one place an event becomes outbox data.
 */
public record DomainEvent(String type, int version, String aggregateType, String aggregateId,
                          Map<String, Object> payload, Instant occurredAt, CorrelationId correlationId) {

    public DomainEvent {
        Objects.requireNonNull(type, "type");
        if (version < 1) {
            throw new IllegalArgumentException("event versions start at 1");
        }
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    public static DomainEvent of(Event event, Instant occurredAt, CorrelationId correlationId) {
        return new DomainEvent(event.type(), event.version(), event.aggregateType(), event.aggregateId(),
                event.payload(), occurredAt, correlationId);
    }

    public String payloadJson() {
        return Json.write(payload);
    }
}
