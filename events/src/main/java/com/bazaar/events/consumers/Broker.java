package com.bazaar.events.consumers;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the broker's answer (an acknowledgement, an admin call) for at most 30 seconds. */
final class Broker {

    private Broker() {
    }

    /**
     * The answer; otherwise an {@link IllegalStateException} saying what did not happen, whose cause is the broker's
     * own error (callers may look at it: a topic that exists, a group still in use).
     */
    static <T> T await(Future<T> answer, String what) {
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the broker did not answer within 30s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }
}
