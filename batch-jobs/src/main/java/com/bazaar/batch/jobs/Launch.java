package com.bazaar.batch.jobs;

/** What came of asking to run a job request. */
public sealed interface Launch {

    /** It ran (a new instance, or the restart of a failed one) to its end, in this process. */
    record Ran(JobReport report) implements Launch {
    }

    /**
     * The same instance completed earlier, or was rejected for its file's content (the report's status says which):
     * nothing ran; the report is of that earlier execution.
     */
    record AlreadyComplete(JobReport report) implements Launch {
    }

    /** Another live process holds the instance's run lease: it is running there. */
    record RunningElsewhere() implements Launch {
    }

    /** The instance is marked running, but no live process holds its lease: interrupted (see restart). */
    record AlreadyRunning() implements Launch {
    }
}
