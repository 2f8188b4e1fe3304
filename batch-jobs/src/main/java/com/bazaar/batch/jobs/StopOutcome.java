package com.bazaar.batch.jobs;

/** What came of asking a job execution to stop. */
public sealed interface StopOutcome {

    /** Asked: the process running it stops it after its current chunk (it then shows STOPPED). */
    record Requested() implements StopOutcome {
    }

    /** It is not running (or already stopping): nothing to ask. */
    record NotRunning(JobStatus status) implements StopOutcome {
    }
}
