package com.bazaar.cli.wiring;

import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.support.ProgressListener;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.connection.ConnectionLoss;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * The Spring Batch runtime, started only by the job commands: a small connection pool, the services over it, and an
 * application context holding the job definitions, a JDBC job repository in PostgreSQL, and the job operator.
 */
public final class BatchRuntime implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchRuntime.class);

    private final FailFastPool dataSource;
    private final AnnotationConfigApplicationContext context;
    private final Services services;
    private final DatabaseConnector.Target target;
    private java.sql.Connection lease;
    private volatile Long running;

    public BatchRuntime(DatabaseConnector.Target target, Clock clock, Secrets secrets, Services.Settings settings,
                        com.bazaar.domain.audit.AuditAnchoring anchoring, PrintWriter progress, boolean terminal) {
        this.target = target;
        // 4 for the jobs, 1 held by the run lease
        this.dataSource = DatabaseConnector.pool(target, "bazaar-batch", 5);
        Database database = new Database(dataSource);
        this.services = new Services(database, clock, secrets, settings, anchoring);
        this.context = new AnnotationConfigApplicationContext();
        var beans = context.getBeanFactory();
        beans.registerSingleton("dataSource", dataSource);
        beans.registerSingleton("transactionManager", database.transactionManager());
        beans.registerSingleton("catalogImports", services.catalogImports());
        beans.registerSingleton("importCatalog", services.importCatalog());
        beans.registerSingleton("inventorySyncs", services.inventorySyncs());
        beans.registerSingleton("syncInventory", services.syncInventory());
        beans.registerSingleton("reconciliations", services.reconciliations());
        beans.registerSingleton("runReconciliation", services.runReconciliation());
        beans.registerSingleton("issueRefund", services.issueRefund());
        beans.registerSingleton("exportAudit", services.exportAudit());
        beans.registerSingleton("importRejections", com.bazaar.postgres.JdbcImportRejections.create(database));
        beans.registerSingleton("currentActor", new CurrentActor());
        beans.registerSingleton("progressListener", new ProgressListener(progress, terminal, System::nanoTime));
        context.register(CatalogImportJobConfiguration.class,
                com.bazaar.batch.inventory.InventorySyncJobConfiguration.class,
                com.bazaar.reconciliation.run.ReconciliationJobConfiguration.class,
                com.bazaar.batch.refunds.RefundsJobConfiguration.class,
                com.bazaar.batch.audit.AuditExportJobConfiguration.class);
        context.refresh();
        // which execution runs, for the sentence that ends a command whose database was lost
        for (Job job : context.getBeansOfType(Job.class).values()) {
            if (job instanceof AbstractJob registrable) {
                registrable.registerJobExecutionListener(new JobExecutionListener() {
                    @Override
                    public void beforeJob(JobExecution execution) {
                        running = execution.getId();
                    }
                });
            }
        }
    }

    /** Starts, restarts or resumes a job execution: {@code runtime.run(() -> runtime.operator().start(job, p))}. */
    @FunctionalInterface
    public interface JobRun {
        JobExecution run() throws Exception;
    }

    /**
     * Runs a job through the operator; if the database is lost meanwhile, ends the command with one sentence (exit 1)
     * that says which execution it was and what state it is left in. Spring Batch keeps its own records in the same
     * database, so it cannot record the failure: the execution stays STARTED there until 'bazaar job restart' (which
     * takes the run lease - released by the server with the dead session - marks it FAILED and continues after the
     * last committed chunk). The trace goes to the log, not the terminal.
     */
    public JobExecution run(JobRun run) throws Exception {
        JobExecution execution;
        try {
            execution = run.run();
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
        Long id = running;
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

    public void runAs(Actor actor) {
        context.getBean(CurrentActor.class).set(actor);
    }

    public JobOperator operator() {
        return context.getBean(JobOperator.class);
    }

    public JobRepository repository() {
        return context.getBean(JobRepository.class);
    }

    public Job job(String name) {
        return context.getBeansOfType(Job.class).values().stream().filter(j -> j.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + name));
    }

    public java.util.List<String> jobNames() {
        return context.getBeansOfType(Job.class).values().stream().map(Job::getName).sorted().toList();
    }

    public Services services() {
        return services;
    }

    /**
     * Takes the run lease of a job instance (job name + identifying parameters): a PostgreSQL session advisory lock
     * held on a connection of its own until this runtime closes. Only one process can hold it, on any host, and the
     * server drops it the moment its holder dies (kill -9, power loss), so "is this execution still running?" is
     * answered by the database, not by a pid. Returns false when another live process holds it.
     */
    public boolean lease(String jobName, org.springframework.batch.core.job.parameters.JobParameters parameters) {
        String key = new org.springframework.batch.core.job.DefaultJobKeyGenerator().generateKey(parameters);
        try {
            if (lease == null) {
                lease = dataSource.getConnection();
                lease.setAutoCommit(true);
            }
            try (var statement = lease.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtext('bazaar-job:' || ?), hashtext(?))")) {
                statement.setString(1, jobName);
                statement.setString(2, key);
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot take the run lease of job " + jobName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        context.close();
        if (lease != null) {
            try {
                lease.close();
            } catch (java.sql.SQLException ignored) {
                // the pool closes it anyway; the server releases the lock with the session
            }
        }
        dataSource.close();
    }
}
