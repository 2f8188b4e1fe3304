package com.bazaar.batch.jobs;

import java.util.Objects;

/**
 * One parameter of a job request. Identifying parameters decide the job instance: the same values are the same
 * instance, so running a request again restarts it (failed) or changes nothing (completed), never a second run.
 */
public record JobParameter(String name, String value, boolean identifying) {

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
