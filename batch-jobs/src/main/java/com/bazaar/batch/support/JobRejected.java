package com.bazaar.batch.support;

/** The job's input is unusable as a whole (e.g. an unknown column in the header); the message says why. */
public final class JobRejected extends RuntimeException {
    public JobRejected(String message) {
        super(message);
    }
}
