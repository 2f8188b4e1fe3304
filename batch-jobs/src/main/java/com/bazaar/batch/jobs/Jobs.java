package com.bazaar.batch.jobs;

import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.support.ProgressListener;
import com.bazaar.domain.operations.application.ControlJobs;
import com.bazaar.domain.identity.Actor;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.DefaultJobKeyGenerator;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The jobs facade: the one way a front end runs, restarts, stops, lists and shows batch jobs. Behind it, an
 * application context (built on first use) holds the job definitions of the given {@link JobModule}s, a JDBC job
 * repository in PostgreSQL and the job operator; in front of it, typed requests in and typed reports out.
 *
 * <p>Every run, first or restart, takes the job instance's <em>run lease</em> first: a PostgreSQL session advisory
 * lock on the job name and its identifying parameters, held on a connection of its own until the facade closes. Only
 * one process can hold it, on any host, and the server drops it the moment its holder dies (kill -9, power loss), so
 * "is this execution still running?" is answered by the database, not by a pid.
 *
 * <p>Who may see and control which job is the domain's rule ({@link ControlJobs}); the facade applies it.
 */
public final class Jobs implements AutoCloseable {

    /** Surrounds each run of a job (start, restart) in the caller's terms, e.g. to explain a lost database. */
    public interface RunGuard {
        <T> T run(Callable<T> run) throws Exception;

        /** Runs it as it is. */
        RunGuard NONE = new RunGuard() {
            @Override
            public <T> T run(Callable<T> run) throws Exception {
                return run.call();
            }
        };
    }

    /** A job operation failed in a way that is neither a job outcome nor a refusal (a framework error). */
    public static final class OperationFailed extends RuntimeException {
        OperationFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;
    private final ControlJobs control;
    private final PrintWriter progress;
    private final boolean terminal;
    private final List<JobModule> modules;
    private final RunGuard guard;
    private final CurrentActor actor = new CurrentActor();
    private AnnotationConfigApplicationContext context;
    private Connection lease;
    private volatile Long running;
    private java.util.function.Supplier<Optional<com.bazaar.batch.partition.PartitionTransport>> partitionTransport =
            Optional::empty;
    private java.util.function.Function<String, Actor> users = name -> {
        throw new IllegalStateException("this process runs no partitions of other processes' jobs");
    };
    private com.bazaar.batch.partition.PartitionWorker partitionWorker;
    private com.bazaar.batch.partition.RemotePartitions remotePartitions;
    private java.util.function.UnaryOperator<String> progressText = Jobs::printable;
    private java.util.function.IntSupplier progressWidth = () -> 80;
    private ProgressListener progressListener;

    /**
     * @param dataSource         the database of the jobs and of their repository (one more connection holds the lease)
     * @param transactionManager the transactions of that data source (chunks commit through it)
     * @param control            who may see and control which job
     * @param progress           where a job's progress line goes
     * @param terminal           whether that is a terminal (the line is redrawn with a carriage return)
     * @param guard              surrounds each run of a job
     */
    public Jobs(DataSource dataSource, PlatformTransactionManager transactionManager, ControlJobs control,
                PrintWriter progress, boolean terminal, RunGuard guard, List<JobModule> modules) {
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
        this.control = control;
        this.progress = progress;
        this.terminal = terminal;
        this.guard = guard;
        this.modules = List.copyOf(modules);
    }

    /**
     * Runs the request's job instance as {@code actor} (the caller has authorised it): a new instance runs, a failed or
     * stopped one (a rejection by the domain included) restarts from its last committed chunk, a completed one or one
     * rejected for its file's content does nothing (its report is the earlier answer).
     */
    public Launch start(Actor actor, JobRequest request) {
        this.actor.set(actor);
        JobParameters parameters = parameters(actor, request);
        if (!lease(request.job(), parameters)) {
            return new Launch.RunningElsewhere();
        }
        try {
            Job job = job(request.job());
            progress().begin(request.job(), parameters.getString(com.bazaar.batch.support.ImportParameters.FILE));
            try {
                return new Launch.Ran(report(guard.run(() -> withPartitions(parameters,
                        () -> operator().start(job, parameters)))));
            } finally {
                progress().end(); // the line is erased before the caller prints the result
            }
        } catch (JobInstanceAlreadyCompleteException e) {
            var instance = repository().getJobInstance(request.job(), parameters);
            return new Launch.AlreadyComplete(report(repository().getLastJobExecution(instance)));
        } catch (JobExecutionAlreadyRunningException e) {
            return new Launch.AlreadyRunning();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OperationFailed(e);
        }
    }

    /**
     * Restarts job execution {@code id} as {@code actor} (job.control) from its last committed chunk. An execution left
     * running by a process that is gone is recovered first, one that ended UNKNOWN is marked FAILED first; each such
     * repair is told to {@code repaired} as it happens, before the restart runs. One rejected for its file's content
     * is not restarted: the same file would get the same answer.
     */
    public RestartOutcome restart(Actor actor, long id, Consumer<RestartOutcome.Repair> repaired) {
        control.control(actor, "job:" + id);
        this.actor.set(actor);
        var execution = execution(id).orElseThrow(() -> ControlJobs.missing(id));
        // if we get the lease, nobody runs this instance, and an execution still marked running was left by a process
        // that is gone
        if (!lease(execution.getJobInstance().getJobName(), execution.getJobParameters())) {
            return new RestartOutcome.RunningElsewhere();
        }
        if (execution.getStatus().isRunning()) {
            execution = operator().recover(execution);
            repaired.accept(new RestartOutcome.RecoveredFromCrash(status(execution.getStatus())));
        }
        var current = report(execution);
        if (current.rejection().filter(JobReport.Rejection::forItsInput).isPresent()) {
            return new RestartOutcome.Rejected(current);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return new RestartOutcome.AlreadyCompleted();
        }
        if (execution.getStatus() == BatchStatus.UNKNOWN) {
            markFailed(execution);
            repaired.accept(new RestartOutcome.UnknownMarkedFailed());
        }
        JobExecution failed = execution;
        progress().begin(failed.getJobInstance().getJobName(),
                failed.getJobParameters().getString(com.bazaar.batch.support.ImportParameters.FILE));
        try {
            return new RestartOutcome.Restarted(report(guard.run(() -> withPartitions(failed.getJobParameters(),
                    () -> operator().restart(failed)))));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OperationFailed(e);
        } finally {
            progress().end(); // the line is erased before the caller prints the result
        }
    }

    /**
     * Spring Batch says UNKNOWN when a rollback failed (the connection was lost). The job repository lives in the same
     * database and every chunk commits its data and its progress in one transaction, so whatever committed is recorded
     * and a restart resumes right after it: the execution and its unfinished steps are FAILED.
     */
    private void markFailed(JobExecution execution) {
        for (var step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(step.getExitStatus().and(ExitStatus.FAILED));
                repository().update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        repository().update(execution);
    }

    /**
     * Asks job execution {@code id} (job.control) to stop at its next chunk boundary. The stop signal of Spring Batch 5,
     * set on the job execution only: the running process reads it when it saves its step after each chunk, marks the
     * step to terminate and ends STOPPED. Batch 6's JobOperator.stop() also rewrites the running step execution from
     * this process, so the running process's next save fails on its version and the job ends FAILED (spring-batch
     * #5120; JobStopIT).
     */
    public StopOutcome stop(Actor actor, long id) {
        control.control(actor, "job:" + id);
        var execution = execution(id).orElseThrow(() -> ControlJobs.missing(id));
        if (!execution.isRunning() || execution.getStatus() == BatchStatus.STOPPING) {
            return new StopOutcome.NotRunning(status(execution.getStatus()));
        }
        execution.setStatus(BatchStatus.STOPPING);
        repository().update(execution);
        return new StopOutcome.Requested();
    }

    /** Which executions {@code job list} shows: each part optional. */
    public record ListFilter(Optional<JobStatus> status, Optional<String> seller, Optional<Instant> since) {
        public static final ListFilter NONE = new ListFilter(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** How many execution ids one scan step of {@link #list} reads. */
    private static final int SCAN = 500;

    /**
     * A page of the executions the actor may see (job.view; a seller user: its own seller's) that match the filter,
     * newest (highest execution id) first; the execution id is the cursor. Executions are scanned by id in steps and
     * filtered here (status as {@link JobStatus} reports it, a rejected run included; seller and start time from the
     * execution), so a page holds {@code limit} matching rows whatever the filter.
     */
    public com.bazaar.domain.shared.Page<JobReport> list(Actor actor, ListFilter filter,
                                                         com.bazaar.domain.shared.PageRequest page) {
        var visible = control.visibleTo(actor);
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        long after = page.after("job", 1).map(c -> c.number(0)).orElse(Long.MAX_VALUE);
        List<JobReport> matching = new ArrayList<>();
        while (matching.size() < page.probe()) {
            List<Long> ids = jdbc.sql("SELECT job_execution_id FROM batch_job_execution WHERE job_execution_id < :after"
                    + " ORDER BY job_execution_id DESC LIMIT :scan").param("after", after).param("scan", SCAN)
                    .query(Long.class).list();
            for (long id : ids) {
                execution(id).map(this::report)
                        .filter(r -> visible.test(new ControlJobs.Job(r.seller())))
                        .filter(r -> filter.status().map(s -> s == r.status()).orElse(true))
                        .filter(r -> filter.seller().map(s -> r.seller().equals(Optional.of(s))).orElse(true))
                        .filter(r -> filter.since().map(t -> r.started().map(at -> !at.atZone(
                                java.time.ZoneId.systemDefault()).toInstant().isBefore(t)).orElse(false)).orElse(true))
                        .ifPresent(matching::add);
                if (matching.size() == page.probe()) {
                    break;
                }
            }
            if (ids.size() < SCAN) {
                break;
            }
            after = ids.get(ids.size() - 1);
        }
        return com.bazaar.domain.shared.Page.of(matching, page,
                r -> com.bazaar.domain.shared.Cursor.of("job", r.execution()));
    }

    /**
     * Job execution {@code id}, if the actor may see it (job.view); one it may not see is, to it, a missing one: not
     * found, the same sentence.
     */
    public JobReport status(Actor actor, long id) {
        control.view(actor);
        var found = execution(id).map(this::report);
        control.requireVisible(actor, id, found.map(r -> new ControlJobs.Job(r.seller())));
        return found.orElseThrow();
    }

    /**
     * How the progress line is made terminal-safe ({@code safe}: the front end's escaping of untrusted text, as the
     * file's name is) and how wide the terminal is. Before first use; until then unsafe characters show as {@code ?}
     * and the width is 80.
     */
    public Jobs progressDisplay(java.util.function.UnaryOperator<String> safe, java.util.function.IntSupplier width) {
        if (context != null) {
            throw new IllegalStateException("the progress display is set before the jobs are first used");
        }
        this.progressText = safe;
        this.progressWidth = width;
        return this;
    }

    private static String printable(String text) {
        var safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        return safe.toString();
    }

    private ProgressListener progress() {
        context();
        return progressListener;
    }

    /** The execution this facade is running now (or ran last), if it started one: for a front end's last word. */
    public OptionalLong running() {
        Long id = running;
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The names of the jobs, sorted. */
    public List<String> jobNames() {
        return context().getBeansOfType(Job.class).values().stream().map(Job::getName).sorted().toList();
    }

    private JobOperator operator() {
        return context().getBean(JobOperator.class);
    }

    private Job job(String name) {
        return context().getBeansOfType(Job.class).values().stream().filter(j -> j.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + name));
    }

    private JobRepository repository() {
        return context().getBean(JobRepository.class);
    }

    private JobReport report(JobExecution execution) {
        return JobReports.of(execution);
    }

    private static JobStatus status(BatchStatus status) {
        return JobStatus.valueOf(status.name());
    }

    /**
     * The job execution with this id, if there is one. Spring Batch's repository answers a missing id with an
     * exception ("Incorrect result size") rather than null: that is "not found", never a failure.
     */
    private Optional<JobExecution> execution(long id) {
        try {
            return Optional.ofNullable(repository().getJobExecution(id));
        } catch (EmptyResultDataAccessException missing) {
            return Optional.empty();
        }
    }

    private static JobParameters parameters(Actor actor, JobRequest request) {
        var builder = new JobParametersBuilder();
        for (JobParameter p : request.parameters()) {
            builder.addString(p.name(), p.value(), p.identifying());
        }
        // who started it: the actor of its partitions wherever they run
        builder.addString(com.bazaar.batch.partition.PartitionWorker.ACTOR, actor.name(), false);
        return builder.addString(OWNER_PID, Long.toString(ProcessHandle.current().pid()), false).toJobParameters();
    }

    /**
     * Lets this facade run partitioned jobs and take partitions: requests go over {@code transport} (asked for when a
     * partitioned run first needs it), and a partition of
     * a job started elsewhere acts as the user {@code users} finds by the name the job recorded. Before first use.
     */
    public Jobs partitioned(java.util.function.Supplier<com.bazaar.batch.partition.PartitionTransport> transport,
                            java.util.function.Function<String, Actor> users) {
        if (context != null) {
            throw new IllegalStateException("partitioning is set before the jobs are first used");
        }
        this.partitionTransport = () -> Optional.of(transport.get());
        this.users = users;
        return this;
    }

    /**
     * Runs a start or restart; a partitioned one with this process among the workers while it waits (so that it ends
     * even when no {@code worker --batch} runs; more workers only make it faster).
     */
    private <T> T withPartitions(JobParameters parameters, Callable<T> run) throws Exception {
        String partitions = parameters.getString(JobParameter.PARTITIONS);
        if (partitions == null || partitions.isBlank() || Integer.parseInt(partitions) <= 1) {
            return run.call();
        }
        context();
        if (remotePartitions.transport().isEmpty()) {
            throw new IllegalStateException("this job runs in " + partitions + " partitions, and no Kafka was given"
                    + " for their requests");
        }
        var worker = partitionWorker();
        worker.start();
        try {
            worker.awaitAssignment(java.time.Duration.ofSeconds(30));
            return run.call();
        } finally {
            worker.stop();
        }
    }

    /**
     * Takes partitions of every job of the installation until the returned handle is closed ({@code worker --batch}).
     * The caller has authorised its actor (job.control).
     */
    public AutoCloseable takePartitions() {
        var worker = partitionWorker();
        worker.start();
        return worker::stop;
    }

    /** Partitions this process ran to their end. */
    public long partitionsRun() {
        return partitionWorker == null ? 0 : partitionWorker.ran();
    }

    private synchronized com.bazaar.batch.partition.PartitionWorker partitionWorker() {
        if (partitionWorker == null) {
            var created = context();
            partitionWorker = new com.bazaar.batch.partition.PartitionWorker(
                    remotePartitions, dataSource, repository(), actor,
                    users, created);
        }
        return partitionWorker;
    }

    /** The process that runs an execution (describing only: the lease, not the pid, says whether it still runs). */
    static final String OWNER_PID = com.bazaar.batch.support.ImportParameters.OWNER_PID;

    /** Takes the run lease of a job instance; false when another live process holds it. */
    private boolean lease(String jobName, JobParameters parameters) {
        String key = new DefaultJobKeyGenerator().generateKey(parameters);
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
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the run lease of job " + jobName + ": " + e.getMessage(), e);
        }
    }

    private AnnotationConfigApplicationContext context() {
        if (context == null) {
            var created = new AnnotationConfigApplicationContext();
            var beans = created.getBeanFactory();
            beans.registerSingleton("dataSource", dataSource);
            beans.registerSingleton("transactionManager", transactionManager);
            beans.registerSingleton("currentActor", actor);
            remotePartitions = new com.bazaar.batch.partition.RemotePartitions(partitionTransport);
            beans.registerSingleton("remotePartitions", remotePartitions);
            progressListener = new ProgressListener(progress, terminal, System::nanoTime, progressWidth, progressText,
                    true);
            beans.registerSingleton("progressListener", progressListener);
            created.register(JobsInfrastructure.class);
            for (JobModule module : modules) {
                module.beans().forEach(beans::registerSingleton);
                module.configurations().forEach(created::register);
            }
            created.refresh();
            // which execution runs, for the sentence that ends a command whose database was lost; and a refused run
            // recorded as rejected, not failed
            for (Job job : created.getBeansOfType(Job.class).values()) {
                if (job instanceof AbstractJob registrable) {
                    registrable.registerJobExecutionListener(new JobExecutionListener() {
                        @Override
                        public void beforeJob(JobExecution execution) {
                            running = execution.getId();
                        }
                    });
                    registrable.registerJobExecutionListener(new RejectedRuns());
                }
            }
            // every step of every job names itself on the progress line when it begins
            for (var step : created.getBeansOfType(org.springframework.batch.core.step.Step.class).values()) {
                if (step instanceof org.springframework.batch.core.step.AbstractStep registrable) {
                    registrable.registerStepExecutionListener(progressListener.steps());
                }
            }
            context = created;
        }
        return context;
    }

    @Override
    public void close() {
        if (partitionWorker != null) {
            partitionWorker.close();
        }
        if (remotePartitions != null) {
            remotePartitions.close();
        }
        if (context != null) {
            context.close();
        }
        if (lease != null) {
            try {
                lease.close();
            } catch (SQLException ignored) {
                // the pool closes it anyway; the server releases the lock with the session
            }
        }
    }
}
