package com.bazaar.batch.support;

import org.springframework.batch.core.ExitStatus;

/**
 * The job's input is unusable as a whole (e.g. an unknown column in the header); the message says why. A run that
 * throws it is a rejected run, not a failed one (ADR 0013): nothing was applied, and the same file gets the same
 * answer.
 */
public final class JobRejected extends RuntimeException {

    /**
     * The exit code of a rejected run, and of the step that refused its file as a whole (a catalog file under
     * {@code reject-file} with a bad row, a file with no valid row); the exit description says why.
     */
    public static final String EXIT_CODE = "REJECTED";

    public JobRejected(String message) {
        super(message);
    }

    /** What the step that decides refuses the file with: the run ends rejected for {@code reason}. */
    public static ExitStatus exitStatus(String reason) {
        return new ExitStatus(EXIT_CODE, reason);
    }
}
