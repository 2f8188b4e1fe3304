package com.bazaar.domain.event;

import java.util.List;
import java.util.Objects;

/** What an aggregate's transition produced: the aggregate after it, and the events that happened. */
public record Transition<A, E extends Event>(A aggregate, List<E> events) {

    public Transition {
        Objects.requireNonNull(aggregate, "aggregate");
        events = List.copyOf(events);
    }

    public static <A, E extends Event> Transition<A, E> of(A aggregate, E event) {
        return new Transition<>(aggregate, List.of(event));
    }
}
