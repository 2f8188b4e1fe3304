package com.bazaar.batch.jobs;

import java.util.List;
import java.util.Map;

/**
 * Jobs a module contributes to the facade: their Spring configuration classes and the beans (domain ports and use
 * cases, by name) those need. The facade adds the shared ones: {@code dataSource}, {@code transactionManager},
 * {@code currentActor}, {@code progressListener}, the job repository and operator. This module's own jobs come
 * from {@link StandardJobs}; reconciliation contributes its run the same way.
 */
public record JobModule(List<Class<?>> configurations, Map<String, Object> beans) {

    public JobModule {
        configurations = List.copyOf(configurations);
        beans = Map.copyOf(beans);
    }
}
