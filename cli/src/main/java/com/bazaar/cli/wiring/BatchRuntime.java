package com.bazaar.cli.wiring;

import com.bazaar.batch.jobs.Jobs;
import com.bazaar.batch.jobs.StandardJobs;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.connection.ConnectionLoss;
import com.bazaar.reconciliation.run.ReconciliationJobs;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The jobs facade as the job commands use it, composed here: a small connection pool, the services over it, and the
 * facade ({@link Jobs}) with the jobs of batch-jobs and reconciliation. Each run is guarded: a database lost meanwhile
 * ends the command with one sentence that names the execution.
 */
public final class BatchRuntime implements AutoCloseable, Jobs.RunGuard {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchRuntime.class);

    /**
     * The names of the jobs composed here, as {@link Jobs#jobNames()} lists them (a test holds the two equal), for
     * what must know them without building the jobs: the metrics count each job's executions from 0.
     */
    public static final List<String> JOBS = List.of(com.bazaar.batch.audit.AuditExportJobConfiguration.JOB,
            com.bazaar.batch.catalog.CatalogImportJobConfiguration.JOB,
            com.bazaar.batch.inventory.InventorySyncJobConfiguration.JOB,
            com.bazaar.reconciliation.run.ReconciliationJobConfiguration.JOB,
            com.bazaar.batch.refunds.RefundsJobConfiguration.JOB);

    private final FailFastPool dataSource;
    private final Services services;
    private final DatabaseConnector.Target target;
    private final Jobs jobs;

    public BatchRuntime(DatabaseConnector.Target target, Clock clock, Secrets secrets, Services.Settings settings,
                        com.bazaar.domain.audit.AuditAnchoring anchoring, PrintWriter progress, boolean terminal) {
        this(target, clock, secrets, settings, anchoring, progress, terminal, java.util.Optional.empty());
    }

    /** @param cache the cache a catalog import evicts the seller's entries from after it commits, if configured */
    public BatchRuntime(DatabaseConnector.Target target, Clock clock, Secrets secrets, Services.Settings settings,
                        com.bazaar.domain.audit.AuditAnchoring anchoring, PrintWriter progress, boolean terminal,
                        java.util.Optional<com.bazaar.cache.ReadCache> cache) {
        this(target, clock, secrets, settings, anchoring, progress, terminal, cache, java.util.Optional.empty());
    }

    /**
     * @param commandsOf the limit on commands per user of the command's own services: the job's rows run under the
     *                   command that started it, which paid its token there (a job run is one command)
     */
    public BatchRuntime(DatabaseConnector.Target target, Clock clock, Secrets secrets, Services.Settings settings,
                        com.bazaar.domain.audit.AuditAnchoring anchoring, PrintWriter progress, boolean terminal,
                        java.util.Optional<com.bazaar.cache.ReadCache> cache,
                        java.util.Optional<com.bazaar.domain.limits.CommandLimit> commandsOf) {
        this.target = target;
        // 4 for the jobs, 1 held by the run lease
        this.dataSource = DatabaseConnector.pool(target, "bazaar-batch", 5);
        Database database = new Database(dataSource);
        this.services = new Services(database, clock, secrets, settings, anchoring, cache, commandsOf);
        this.jobs = new Jobs(dataSource, database.transactionManager(), services.controlJobs(), progress, terminal, this,
                List.of(StandardJobs.catalogImport(services.catalogImports(), services.importCatalog()),
                        StandardJobs.inventorySync(services.inventorySyncs(), services.syncInventory()),
                        StandardJobs.refunds(services.issueRefund(), services.settleInDoubtPayments(),
                                com.bazaar.postgres.JdbcImportRejections.create(database),
                                com.bazaar.postgres.JdbcStagedRows.create(database)),
                        StandardJobs.auditExport(services.exportAudit()),
                        ReconciliationJobs.module(services.reconciliations(), services.runReconciliation())));
    }

    /** The jobs facade. */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * Runs a job (start, restart); if the database is lost meanwhile, ends the command with one sentence (exit 1)
     * that says which execution it was and what state it is left in. Spring Batch keeps its own records in the same
     * database, so it cannot record the failure: the execution stays STARTED there until 'bazaar job restart' (which
     * takes the run lease - released by the server with the dead session - marks it FAILED and continues after the
     * last committed chunk). The trace goes to the log, not the terminal.
     */
    @Override
    public <T> T run(Callable<T> run) throws Exception {
        T execution;
        try {
            execution = run.call();
        } catch (RuntimeException e) {
            if (ConnectionLoss.of(e).isEmpty() && dataSource.lost().isEmpty()) {
                throw e;
            }
            throw lost(e);
        }
        if (dataSource.lost().isPresent()) {
            // the job ended, but the database went away before all of its end could be recorded
            throw lost(dataSource.lost().get());
        }
        return execution;
    }

    private CommandFailure lost(Throwable failure) {
        Long id = jobs.running().isPresent() ? jobs.running().getAsLong() : null;
        String reason = com.bazaar.cli.Bazaar.rootMessage(failure);
        // the trace for the JSON log (INFO) and --debug; the terminal gets the sentence
        log.info("lost the database while running job execution {}", id, failure);
        String lost = "lost the connection to the database (" + target.description() + ")";
        String sentence = id == null
                ? lost + " before the job started (" + reason + "): no step of it ran; run the command again once"
                        + " the database is back ('bazaar db status')"
                : lost + " while running job " + id + " (" + reason + "): what it committed stays, and the database"
                        + " shows it STARTED until, once the database is back, 'bazaar job restart " + id + "' marks it"
                        + " FAILED and continues it after its last committed chunk";
        return new CommandFailure(ExitCode.FAILURE, sentence, failure);
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        jobs.close();
        dataSource.close();
    }
}
