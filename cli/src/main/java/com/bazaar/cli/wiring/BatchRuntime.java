package com.bazaar.cli.wiring;

import com.bazaar.batch.CurrentActor;
import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.catalog.ProgressListener;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.postgres.Database;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * The Spring Batch runtime, started only by the job commands: a small connection pool, the services over it, and an
 * application context holding the job definitions, a JDBC job repository in PostgreSQL, and the job operator.
 */
public final class BatchRuntime implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final AnnotationConfigApplicationContext context;
    private final Services services;
    private final DatabaseConnector.Target target;
    private java.sql.Connection lease;

    public BatchRuntime(DatabaseConnector.Target target, Clock clock, Secrets secrets, Services.Settings settings,
                        com.bazaar.domain.audit.AuditAnchoring anchoring, PrintWriter progress, boolean terminal) {
        this.target = target;
        // 4 for the jobs, 1 held by the run lease
        this.dataSource = DatabaseConnector.pool(target, "bazaar-batch", 5, java.time.Duration.ofSeconds(30));
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
