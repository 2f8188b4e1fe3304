package com.bazaar.cli;

/** The documented exit codes every command uses (README and docs/domain_model.md list them). */
public final class ExitCode {
    public static final int OK = 0;
    /** An unexpected failure: a bug, or infrastructure such as an unreachable database. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong: unknown command or option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** Permission denied, including a missing, wrong or revoked token. */
    public static final int DENIED = 3;
    /** Rejected by a business rule or by validation. */
    public static final int REJECTED = 4;
    /** The thing addressed does not exist. */
    public static final int NOT_FOUND = 5;
    /** Conflict: a duplicate, or an idempotency key reused with different content. */
    public static final int CONFLICT = 6;
    /** Busy or limited: a rate limit refused the request (the message says after how many seconds to retry). */
    public static final int BUSY = 7;

    private ExitCode() {
    }
}
