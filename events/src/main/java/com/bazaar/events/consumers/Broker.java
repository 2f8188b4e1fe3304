package com.bazaar.events.consumers;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the broker's answer (an acknowledgement, an admin call) for at most 30 seconds, or as long as told. */
final class Broker {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Broker() {
    }

    /**
     * The answer; otherwise an {@link IllegalStateException} saying what did not happen, whose cause is the broker's
     * own error (callers may look at it: a topic that exists, a group still in use).
     */
    static <T> T await(Future<T> answer, String what) {
        return await(answer, what, PATIENCE);
    }

    /** As {@link #await(Future, String)}, waiting at most {@code patience}. */
    static <T> T await(Future<T> answer, String what, Duration patience) {
        try {
            return answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the broker did not answer within " + patience.toSeconds() + "s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }
}
