package com.bazaar.batch.input;

import com.bazaar.batch.support.ImportParameters;
import org.springframework.batch.core.Entity;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

import java.nio.file.Path;

/**
 * The input of a running job as its parameters record it: the file (its real path, fixed when the job was first
 * launched), the SHA-256 that identifies the job, and the job's name in messages ("job 12": the first execution of
 * its instance, the id its user saw when it started).
 */
public record JobInput(Path file, String sha256, String job) {

    /** The input of this execution of a job with {@code file} and {@code sha256} parameters. */
    public static JobInput of(JobExecution execution, JobRepository repository) {
        var parameters = execution.getJobParameters();
        long first = repository.getJobExecutions(execution.getJobInstance()).stream().mapToLong(Entity::getId).min()
                .orElse(execution.getId());
        return new JobInput(Path.of(parameters.getString(ImportParameters.FILE)),
                parameters.getString(ImportParameters.SHA256), "job " + Math.min(first, execution.getId()));
    }

    /** A private copy of the file, proven to be the job's bytes (a {@code Conflict} otherwise); close it after use. */
    public Snapshot snapshot() {
        return InputFile.snapshot(file, sha256, job);
    }
}
