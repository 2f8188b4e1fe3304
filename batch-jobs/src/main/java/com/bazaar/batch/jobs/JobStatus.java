package com.bazaar.batch.jobs;

import com.bazaar.batch.support.JobRejected;

import java.util.Set;

/**
 * Where a job execution (or a step of it) stands. The names are Spring Batch's, as the job repository stores them,
 * plus {@link #REJECTED}: a run refused (for its file's content, or by the domain) rather than failed, which the
 * repository stores as ABANDONED or STOPPED with the exit code {@value JobRejected#EXIT_CODE} (ADR 0013).
 */
public enum JobStatus {
    COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN,
    /** Refused, not failed: nothing was applied; see {@link JobReport#rejection()} for why and what to do. */
    REJECTED;

    /**
     * The exit codes of a rejected run: {@value JobRejected#EXIT_CODE}, and {@code REFUSED}, which the finishing step of
     * an import recorded on a COMPLETED execution before rejected runs had a status of their own.
     */
    static final Set<String> REJECTED_EXIT_CODES = Set.of(JobRejected.EXIT_CODE, "REFUSED");

    /** Still marked running: by a live process, or by one that is gone (kill -9, lost database). */
    public boolean isRunning() {
        return this == STARTING || this == STARTED || this == STOPPING;
    }

    /**
     * The status of an execution as the repository stores it: its batch status, unless it ended ABANDONED, STOPPED or
     * COMPLETED with the exit code of a rejected run (any other status, FAILED or UNKNOWN after a repair included, is
     * what it says).
     */
    public static JobStatus of(String batchStatus, String exitCode) {
        JobStatus stored = valueOf(batchStatus);
        return STORED_REJECTED.contains(stored) && REJECTED_EXIT_CODES.contains(exitCode) ? REJECTED : stored;
    }

    private static final Set<JobStatus> STORED_REJECTED = Set.of(ABANDONED, STOPPED, COMPLETED);
}
