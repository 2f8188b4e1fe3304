package com.bazaar.batch.jobs;

/** Where a job execution (or a step of it) stands; the names are Spring Batch's, as the job repository stores them. */
public enum JobStatus {
    COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN;

    /** Still marked running: by a live process, or by one that is gone (kill -9, lost database). */
    public boolean isRunning() {
        return this == STARTING || this == STARTED || this == STOPPING;
    }
}
