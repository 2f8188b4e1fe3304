package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.KafkaTopics;
import com.bazaar.cli.metrics.MetricsFile;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.KafkaConnector;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.postgres.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the event consumers until stopped (SIGTERM or Ctrl-C: each finishes the record in hand):"
                + " order-intake (orders from bazaar.order-requests.v1, answered on bazaar.order-results.v1), sales"
                + " (the read model of 'report sales', from bazaar.order.v1 and bazaar.payment.v1), reservations"
                + " (releases each order's reservations when its StockReserved says they fall due) and dead-letters"
                + " (copies the dead-letter topics into the table of 'events dlq'); with a cache (--cache) also"
                + " cache-invalidation (evicts the cached products and discounts of a seller whose product, price or"
                + " discounts changed, from bazaar.product.v1 and bazaar.seller.v1).",
                "Runs as the token's user; order-intake needs order.place (an operator's service user),"
                        + " reservations inventory.release-expired. Each consumer"
                        + " is a consumer group (bazaar-<name>): run several workers to share the partitions.",
                "Transient failures (database or broker unreachable) are retried with backoff; a record that cannot"
                        + " be applied goes to <topic>.dlt (see 'events dlq').",
                "With --batch it runs no consumer but takes the partitions of partitioned jobs ('job run refunds"
                        + " --partitions N', 'recon run --partitions N') from bazaar.batch-partitions.v1, one at a"
                        + " time, each as the user who started its job (needs job.control)."})
final class WorkerCommand implements Callable<Integer> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkerCommand.class);

    private final CliContext context;


    @Option(names = "--batch", description = "Take partitions of partitioned batch jobs instead of running the"
            + " event consumers (docs/adr/0012-remote-partitioning.md).")
    boolean batch;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Run only these consumers (order-intake, sales, reservations, dead-letters,"
                    + " cache-invalidation; default: all, cache-invalidation only with a cache).")
    List<String> only;

    @Option(names = "--rebuild", paramLabel = "sales",
            description = "Before starting, empty the read model of this consumer and read its topics again from the"
                    + " beginning (only 'sales'; refused while another worker runs it).")
    String rebuild;

    @Option(names = "--run-for", paramLabel = "INTERVAL", converter = ServeCommand.IntervalConverter.class,
            description = "Stop by itself after this long (30s, 5m; default: run until SIGTERM or Ctrl-C).")
    java.time.Duration runFor;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1",
            description = "Consumer threads per consumer, each with partitions of its own (records of one key stay in"
                    + " order on one partition); useful up to the partitions of its topics, e.g. 3 for order-intake on"
                    + " the local broker (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--slow-above", paramLabel = "INTERVAL", defaultValue = "2s",
            converter = ServeCommand.IntervalConverter.class,
            description = "Back-pressure: when an order request takes longer than this (the database is slow or"
                    + " busy), order-intake pauses for --pause-for and the requests wait in Kafka (default:"
                    + " ${DEFAULT-VALUE}).")
    java.time.Duration slowAbove;

    @Option(names = "--pause-for", paramLabel = "INTERVAL", defaultValue = "5s",
            converter = ServeCommand.IntervalConverter.class,
            description = "How long order-intake pauses before it tries again (default: ${DEFAULT-VALUE}).")
    java.time.Duration pauseFor;

    @Option(names = "--metrics-every", paramLabel = "INTERVAL", defaultValue = "15s",
            converter = ServeCommand.IntervalConverter.class,
            description = "How often the worker reads its consumers' lag from the broker and, with the global"
                    + " --metrics-file PATH, rewrites PATH (atomically) with bazaar_consumer_processed_total and"
                    + " bazaar_consumer_lag (default: ${DEFAULT-VALUE}; docs/observability.md).")
    java.time.Duration metricsEvery;

    WorkerCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (batch) {
            return batchWorker();
        }
        var chosen = select();
        if (concurrency < 1 || concurrency > Worker.Settings.MAX_CONCURRENCY) {
            throw new CommandFailure(ExitCode.USAGE, "--concurrency must be 1 to " + Worker.Settings.MAX_CONCURRENCY);
        }
        if (metricsEvery.isZero() || slowAbove.isZero() || pauseFor.isZero()) {
            throw new CommandFailure(ExitCode.USAGE, "--metrics-every, --slow-above and --pause-for must be positive");
        }
        if (rebuild != null && !rebuild.equals(ProjectSales.CONSUMER)) {
            throw new CommandFailure(ExitCode.USAGE, "--rebuild takes 'sales' (the only read model)");
        }
        var connection = context.kafkaConnection();
        var topics = KafkaTopics.of(context.env());
        var actor = context.actor();
        var settings = Worker.Settings.of(connection).withGroupPrefix(topics.groupPrefix()).withLagEvery(metricsEvery)
                .withConcurrency(concurrency).withBackPressure(slowAbove, pauseFor);
        // a connection for each consumer thread, and one for the timed work beside them
        int connections = Math.max(4, chosen.size() * concurrency + 1);
        try (var pool = DatabaseConnector.followingPool(context.config(), "bazaar-worker", connections)) {
            Services pooled = new Services(new Database(pool), context.clock(), new SecureRandomSecrets(),
                    context.settings(), context.anchoring(), context.cache());
            if (rebuild != null) {
                try {
                    WorkerRuntime.rebuild(pooled, settings, rebuild);
                } catch (IllegalStateException e) {
                    var refused = KafkaConnector.refusal(e);
                    throw new CommandFailure(refused.isPresent() ? ExitCode.DENIED : ExitCode.CONFLICT,
                            refused.orElse(e.getMessage()));
                }
                context.output().message("Rebuilding " + rebuild + ": the read model is empty and its topics are read"
                        + " again from the beginning.");
            }
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Worker worker;
            try {
                worker = WorkerRuntime.start(pooled, actor, topics, chosen, settings, new ConsumerMetrics(registry));
            } catch (IllegalStateException e) {
                var refused = KafkaConnector.refusal(e);
                throw new CommandFailure(refused.isPresent() ? ExitCode.DENIED : ExitCode.FAILURE,
                        "the worker did not start: " + refused.orElse(e.getMessage()));
            }
            var writer = context.metricsFile().map(file -> metricsWriter(file, registry));
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                writer.ifPresent(java.util.concurrent.ExecutorService::shutdownNow);
                worker.close();
                stopped.countDown();
            }, "bazaar-worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            context.output().message("Worker running: " + String.join(", ", chosen) + " on "
                    + connection.bootstrapServers()
                    + (runFor == null ? " (SIGTERM or Ctrl-C stops it)." : " for " + runFor.toSeconds() + " s."));
            context.out().flush();
            if (runFor == null) {
                stopped.await();
            } else if (!stopped.await(runFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                writer.ifPresent(java.util.concurrent.ExecutorService::shutdownNow);
                worker.close();
                context.output().message("Worker stopped after " + runFor.toSeconds() + " s.");
            }
        }
        return ExitCode.OK;
    }

    /**
     * Rewrites the metrics file with the worker's meters every {@code --metrics-every} while it runs; the last version
     * (with the command's outcome and the system's state) is written when the worker stops, as for every command.
     */
    private ScheduledExecutorService metricsWriter(Path file, PrometheusMeterRegistry registry) {
        context.commandMeters(registry);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bazaar-worker-metrics");
            t.setDaemon(true);
            return t;
        });
        long every = metricsEvery.toMillis();
        writer.scheduleWithFixedDelay(() -> {
            try {
                MetricsFile.replace(file, registry.scrape()
                        + context.usedCacheMeters().map(PrometheusMeterRegistry::scrape).orElse(""));
            } catch (IOException | RuntimeException e) {
                log.warn("cannot write the metrics file {}: {}", file, e.toString());
            }
        }, Math.min(every, 2000), every, TimeUnit.MILLISECONDS);
        return writer;
    }

    /** {@code --batch}: partitions of every partitioned job of the installation, until stopped or --run-for. */
    private int batchWorker() throws Exception {
        if (only != null || rebuild != null) {
            throw new CommandFailure(ExitCode.USAGE, "--batch runs no event consumer: --only and --rebuild do not go"
                    + " with it");
        }
        context.services().controlJobs().control(context.actor(), "jobs");
        try (var runtime = context.batchRuntime()) {
            AutoCloseable taking;
            try {
                taking = runtime.jobs().takePartitions();
            } catch (IllegalStateException e) {
                var refused = KafkaConnector.refusal(e);
                throw new CommandFailure(refused.isPresent() ? ExitCode.DENIED : ExitCode.FAILURE,
                        "the batch worker did not start: " + refused.orElse(e.getMessage()));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    taking.close();
                } catch (Exception e) {
                    log.warn("the batch worker did not stop cleanly: {}", e.toString());
                }
                stopped.countDown();
            }, "bazaar-batch-worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            context.output().message("Batch worker running: partitions of partitioned jobs on "
                    + context.kafkaConnection().bootstrapServers()
                    + (runFor == null ? " (SIGTERM or Ctrl-C stops it after the partition in hand)." : " for "
                    + runFor.toSeconds() + " s."));
            context.out().flush();
            if (runFor == null) {
                stopped.await();
            } else if (!stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                taking.close();
                context.output().message("Batch worker stopped after " + runFor.toSeconds() + " s: "
                        + runtime.jobs().partitionsRun() + " partition(s) run.");
            }
        }
        return ExitCode.OK;
    }

    private java.util.Set<String> select() {
        try {
            return WorkerRuntime.select(only, context.config().cache().isPresent());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
    }
}
