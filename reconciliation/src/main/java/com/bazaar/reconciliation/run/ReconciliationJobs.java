package com.bazaar.reconciliation.run;

import com.bazaar.batch.jobs.JobModule;
import com.bazaar.domain.reconciliation.application.RunReconciliation;
import com.bazaar.domain.reconciliation.Reconciliations;

import java.util.List;
import java.util.Map;

/** The reconciliation run, contributed to the jobs facade ({@link com.bazaar.batch.jobs.Jobs}). */
public final class ReconciliationJobs {

    private ReconciliationJobs() {
    }

    public static JobModule module(Reconciliations reconciliations, RunReconciliation runReconciliation) {
        return new JobModule(List.of(ReconciliationJobConfiguration.class),
                Map.of("reconciliations", reconciliations, "runReconciliation", runReconciliation));
    }
}
