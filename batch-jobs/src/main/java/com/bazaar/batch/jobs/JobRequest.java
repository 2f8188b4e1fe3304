package com.bazaar.batch.jobs;

import java.util.List;

/**
 * A request to run one job: its name and its parameters, each saying whether it identifies the job instance. The jobs
 * of this module have their records here ({@link CatalogImportRequest}, ...); a module that contributes a job
 * ({@link JobModule}) implements this for it.
 */
public interface JobRequest {

    /** The job's name, as its configuration defines it. */
    String job();

    /** Its parameters, in order; the facade adds the owner's pid (describing) itself. */
    List<JobParameter> parameters();
}
