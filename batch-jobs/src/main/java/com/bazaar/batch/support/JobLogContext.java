package com.bazaar.batch.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Puts the job execution id into the log context for the length of a run, so every log line of a job carries
 * {@code job_execution} next to the command's correlation_id and actor (docs/observability.md). Every job
 * registers it; jobs run on the calling thread.
 */
public final class JobLogContext implements JobExecutionListener {

    public static final String KEY = "job_execution";

    private static final Logger log = LoggerFactory.getLogger(JobLogContext.class);

    @Override
    public void beforeJob(JobExecution execution) {
        MDC.put(KEY, Long.toString(execution.getId()));
        log.info("job {} execution {} started", execution.getJobInstance().getJobName(), execution.getId());
    }

    @Override
    public void afterJob(JobExecution execution) {
        log.info("job {} execution {} ended {}", execution.getJobInstance().getJobName(), execution.getId(),
                execution.getStatus());
        MDC.remove(KEY);
    }
}
