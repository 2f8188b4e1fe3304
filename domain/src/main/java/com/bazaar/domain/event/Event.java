package com.bazaar.domain.event;

import java.util.Map;

/**
 * A typed domain event: a record of the module whose aggregate it is about, named for what happened. Its
 * {@link #payload()} is the public contract of docs/events.md; every event type also reads an old payload back
 * ({@code from(aggregateId, payload)}), so a stored or published event stays readable.
 */
public interface Event {

    /** The name written to the outbox: the record's own name. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** The payload's schema version; a breaking payload change gets a new version, never an edit. */
    default int version() {
        return 1;
    }

    /** What the event is about: {@code order}, {@code payment}, {@code product}, {@code seller}, {@code recon}. */
    String aggregateType();

    String aggregateId();

    /** The payload as JSON writes it: keys in a fixed order, amounts as decimal text. */
    Map<String, Object> payload();
}
