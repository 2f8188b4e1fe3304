package com.bazaar.postgres.files;

/**
 * A private file (or directory) that is not safe to use, in one sentence naming the path and what is wrong with it;
 * {@link #problem()} lets a caller choose its exit code without parsing the sentence.
 */
public final class PrivateFileRefused extends RuntimeException {

    /** What is wrong. */
    public enum Problem {
        /** Nothing is at the path. */
        MISSING,
        /** A symbolic link is where the file itself must be. */
        SYMBOLIC_LINK,
        /** A directory, FIFO, device or socket where a regular file must be (or a file where a directory must be). */
        WRONG_TYPE,
        /** Another user owns it. */
        NOT_OWNED,
        /** Group or others may read it (a secret) or write it. */
        OPEN_TO_OTHERS,
        /** Larger than the file can legitimately be. */
        TOO_LARGE,
        /** Something is already there and is never overwritten. */
        EXISTS,
        /** It changed while it was read, or the operating system refused an operation on it. */
        UNREADABLE
    }

    private final Problem problem;

    PrivateFileRefused(Problem problem, String sentence) {
        super(sentence);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
