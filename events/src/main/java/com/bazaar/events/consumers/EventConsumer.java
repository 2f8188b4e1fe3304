package com.bazaar.events.consumers;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * One named consumer of the worker: the topics it reads (in consumer group {@code <group prefix><name>}) and what it
 * does with one record. {@link #handle} returns the outcome counted in {@code bazaar_consumer_processed_total} (e.g.
 * {@code applied}, {@code duplicate}, {@code ignored}, {@code placed}, {@code refused}); it throws {@link Poison} for a
 * record that can never be applied, and anything else for a failure ({@link Failures} says which are transient).
 */
public interface EventConsumer {

    String name();

    List<String> topics();

    String handle(ConsumerRecord<String, String> record);

    /** Whether a failure that outlived its retries goes to the dead-letter topic (false: retried until it succeeds). */
    /**
     * Whether the consumer pauses while its records are too slow (the database overloaded: {@link BackPressure}),
     * leaving the backlog in Kafka. Order intake does: its records are writes that a slow database would only queue.
     */
    default boolean backPressure() {
        return false;
    }

    default boolean deadLetters() {
        return true;
    }
}
