package com.bazaar.domain.event;

import java.util.List;

/**
 * Port: hands events to the systems outside (a message broker), in the given order per aggregate.
 *
 * <p>{@link #send} hands a batch over and returns before the broker acknowledged it, so that the caller can read and
 * send the next batch meanwhile; {@link Sending#awaitAcknowledged} returns only once every message of the batch is
 * durably accepted, and throws when any was not - then any of them may or may not have been delivered, and the caller
 * sends them again (at-least-once; receivers deduplicate by event id). A batch sent after another is delivered after
 * it, message by message of one aggregate, unless the earlier one fails.
 */
public interface EventPublisher {

    /** Hands the messages over (in order) without waiting for the broker; an error handing them over is thrown. */
    Sending send(List<OutboxMessage> messages);

    /** Sends and waits for every acknowledgement. */
    default void publish(List<OutboxMessage> messages) {
        send(messages).awaitAcknowledged();
    }

    /** A batch handed over, its acknowledgements pending. */
    interface Sending {

        /** Returns once every message of the batch is acknowledged; throws when one was not. */
        void awaitAcknowledged();
    }
}
