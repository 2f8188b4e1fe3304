package com.bazaar.cli;

/** A failure a command reports itself, with its exit code (for example: the database is not initialised). */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
