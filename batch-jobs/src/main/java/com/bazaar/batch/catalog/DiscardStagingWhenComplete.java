package com.bazaar.batch.catalog;

import com.bazaar.domain.catalog.CatalogImports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Once a catalog import has completed, its staged rows are read by nothing (a restart of a completed job does
 * nothing; another mode or file is another import that stages its own): they are dropped, so staging does not grow
 * with every import and no import scans another's rows (V27). Its steps are recorded COMPLETED before this runs, so a
 * process that dies here leaves a job that restarts to nothing. A failed or stopped import keeps its rows for its
 * restart. A failure to drop them is logged and changes nothing of the import.
 */
final class DiscardStagingWhenComplete implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(DiscardStagingWhenComplete.class);

    private final CatalogImports imports;

    DiscardStagingWhenComplete(CatalogImports imports) {
        this.imports = imports;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            return;
        }
        long importId = execution.getJobInstance().getInstanceId();
        try {
            imports.discard(importId);
        } catch (RuntimeException e) {
            log.warn("the staged rows of import {} stay (they are read by nothing; CALL catalog_staging_close({})"
                    + " drops them): {}", importId, importId, e.getMessage());
        }
    }
}
