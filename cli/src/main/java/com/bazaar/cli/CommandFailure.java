package com.bazaar.cli;

/** A failure a command reports itself, with its exit code (for example: the database is not initialised). */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** With the failure behind it: its trace shows with --debug and in the logs, never on its own. */
    public CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
