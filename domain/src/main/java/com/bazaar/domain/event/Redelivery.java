package com.bazaar.domain.event;

/**
 * Port: puts a dead letter's record back on the topic it came from (same key, payload and headers, plus the dead
 * letter's id), returning once the broker acknowledged it; throws when it could not.
 */
public interface Redelivery {
    void redeliver(DeadLetter letter);
}
