package com.bazaar.batch.jobs;

import java.time.Duration;
import java.util.Optional;

/** One step of a job execution: its counts and how long it took (empty while it runs or if it never ended). */
public record StepReport(String step, JobStatus status, long read, long written, long skipped, long commits,
                         Optional<Duration> duration) {
}
