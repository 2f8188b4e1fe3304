package com.bazaar.domain.event;

import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.Json;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A fact that happened, as published to other systems: its type and schema version (docs/events.md is the
 * contract), the aggregate it is about, and its payload.
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

    public String payloadJson() {
        return Json.write(payload);
    }
}
