package com.bazaar.batch.jobs;

import java.util.Objects;

/**
 * One parameter of a job request. Identifying parameters decide the job instance: the same values are the same
 * instance, so running a request again restarts it (failed) or changes nothing (completed), never a second run.
 */
public record JobParameter(String name, String value, boolean identifying) {

    /**
     * Describing: in how many partitions the job's per-item step runs across workers ({@code --partitions N}); absent
     * or 1, in this process alone. Describing, so that the same file is one job however it is split.
     */
    public static final String PARTITIONS = com.bazaar.batch.partition.Partitions.PARAMETER;

    public JobParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static JobParameter identifying(String name, String value) {
        return new JobParameter(name, value, true);
    }

    public static JobParameter describing(String name, String value) {
        return new JobParameter(name, value, false);
    }
}
