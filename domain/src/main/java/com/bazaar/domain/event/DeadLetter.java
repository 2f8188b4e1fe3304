package com.bazaar.domain.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A record a consumer gave up on, as its dead-letter topic ({@code <topic>.dlt}) holds it: where it came from, its key,
 * payload and headers as they were, why the consumer gave up ({@code reason}: {@code UNPARSEABLE}, {@code
 * UNKNOWN_VERSION}, {@code FAILED} or {@code RETRIES_EXHAUSTED}, with the error) after how many attempts, and what an
 * operator decided: still {@code DEAD}, {@code REPLAYED} to its topic, or {@code DISCARDED} with a reason.
 */
public record DeadLetter(long id, Arrival arrival, Status status, Optional<Instant> resolvedAt,
                         Optional<String> resolvedBy, Optional<String> resolutionReason) {

    public enum Status { DEAD, REPLAYED, DISCARDED }

    /** How many dead letters one consumer has of one topic, by status ({@code events status}). */
    public record Counts(String consumer, String topic, long open, long replayed, long discarded) {
        public Counts {
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(topic, "topic");
            if (open < 0 || replayed < 0 || discarded < 0) {
                throw new IllegalArgumentException("a count of dead letters is never negative");
            }
        }
    }

    /** Where a record sat before it died and in its dead-letter topic, and why it died. */
    public record Arrival(String consumer, String topic, int partition, long offset, Optional<String> key,
                          String payload, Map<String, String> headers, String reason, String error, int attempts,
                          String deadLetterTopic, int deadLetterPartition, long deadLetterOffset, Instant deadAt) {
        public Arrival {
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(payload, "payload");
            headers = Map.copyOf(headers);
            if (!reason.matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException("a dead letter's reason is a code such as UNPARSEABLE: " + reason);
            }
            error = error == null ? "" : error;
            if (attempts < 1) {
                throw new IllegalArgumentException("a dead letter was attempted at least once");
            }
        }
    }

    public DeadLetter {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(status, "status");
        if ((status == Status.DEAD) != resolvedAt.isEmpty()) {
            throw new IllegalArgumentException("a dead letter is resolved exactly when it is no longer DEAD");
        }
    }

    /** The audit snapshot of a dead letter (what replay and discard record before and after). */
    public Map<String, Object> snapshot() {
        Map<String, Object> json = com.bazaar.domain.shared.Json.object();
        json.put("dead_letter", id);
        json.put("consumer", arrival.consumer());
        json.put("topic", arrival.topic());
        json.put("partition", arrival.partition());
        json.put("offset", arrival.offset());
        json.put("reason", arrival.reason());
        json.put("status", status.name());
        resolutionReason.ifPresent(r -> json.put("resolution_reason", r));
        return json;
    }
}
