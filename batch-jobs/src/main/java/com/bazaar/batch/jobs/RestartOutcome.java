package com.bazaar.batch.jobs;

/** What came of asking to restart a job execution. */
public sealed interface RestartOutcome {

    /** It was restarted and ran to its end; the report is of the new execution. */
    record Restarted(JobReport report) implements RestartOutcome {
    }

    /** Another live process holds its run lease: it is still running there. */
    record RunningElsewhere() implements RestartOutcome {
    }

    /** It completed: there is nothing to restart. */
    record AlreadyCompleted() implements RestartOutcome {
    }

    /**
     * It was rejected for its file's content (ADR 0013): restarting reads the same file and gives the same answer, so
     * nothing ran; the report is of that execution.
     */
    record Rejected(JobReport report) implements RestartOutcome {
    }

    /** A status set right before the restart, so that it can restart (told as it happens). */
    sealed interface Repair {
    }

    /** Left running by a process that is gone (kill -9, power loss): recovered, now marked {@code status}. */
    record RecoveredFromCrash(JobStatus status) implements Repair {
    }

    /**
     * Ended UNKNOWN (a rollback failed because the connection was lost): marked FAILED, since every chunk commits its
     * data with its progress, so whatever committed is recorded and the restart resumes right after it.
     */
    record UnknownMarkedFailed() implements Repair {
    }
}
