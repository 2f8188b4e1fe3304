package com.bazaar.events.consumers;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The record headers of Bazaar's topics (docs/events.md, "Topics"): what every event carries, and what a dead letter
 * carries besides. Values are UTF-8 text.
 */
public final class EventHeaders {

    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_VERSION = "event_version";
    public static final String CORRELATION_ID = "correlation_id";
    /** When the event happened (ISO-8601 UTC); a consumer without it takes the record's timestamp. */
    public static final String OCCURRED_AT = "occurred_at";

    /** Why the consumer gave up: UNPARSEABLE, UNKNOWN_VERSION, FAILED or RETRIES_EXHAUSTED. */
    public static final String DLT_REASON = "bazaar_dlt_reason";
    public static final String DLT_CONSUMER = "bazaar_dlt_consumer";
    public static final String DLT_ATTEMPTS = "bazaar_dlt_attempts";
    public static final String DLT_ERROR = "bazaar_dlt_error";
    /** On a record put back by {@code events dlq replay}: the dead letter's id. */
    public static final String REPLAY_OF = "bazaar_replay_of";

    private EventHeaders() {
    }

    /** The last value of the header, as text. */
    public static Optional<String> text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
