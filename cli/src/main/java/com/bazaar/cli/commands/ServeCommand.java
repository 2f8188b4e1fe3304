package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.serve.OperationsServer;
import com.bazaar.cli.serve.ServeRuntime;
import com.bazaar.cli.serve.ServeSettings;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.operations.application.StartOperationsServer.ScheduledTask;
import com.bazaar.postgres.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the long-lived operations server: /actuator/health (database, migrations, stuck jobs,"
                + " audit chain; HTTP 503 when any fails) and /actuator/prometheus (every bazaar_* metric of the"
                + " metrics file, plus the server's own) on a port, and the scheduled work - reservation expiry, the"
                + " payment janitor (payments and refunds in doubt) and anchoring the audit chain head outside the"
                + " database, and the outbox relay when a Kafka cluster is configured - as the token's user.",
                "Needs ops.serve, inventory.release-expired, payment.settle-in-doubt, refund.settle-pending,"
                        + " audit.anchor and, with a Kafka cluster (--kafka, BAZAAR_KAFKA), events.relay (sre or admin);"
                        + " the token is checked again before every scheduled run, so revoking it stops the work.",
                "Intervals: 30s, 5m, 1h; 0 turns a scheduled task off. Stops on SIGTERM or Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9464",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: any free port, printed at start).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
    String bind;

    @Option(names = "--expire-every", paramLabel = "INTERVAL", defaultValue = "1m",
            converter = IntervalConverter.class,
            description = "Release expired reservations this often (default: ${DEFAULT-VALUE}; 0: off).")
    Duration expireEvery;

    @Option(names = "--settle-every", paramLabel = "INTERVAL", defaultValue = "5m",
            converter = IntervalConverter.class,
            description = "Settle payments and refunds in doubt with the provider this often (default: ${DEFAULT-VALUE}; 0: off).")
    Duration settleEvery;

    @Option(names = "--refresh-every", paramLabel = "INTERVAL", defaultValue = "15s",
            converter = IntervalConverter.class,
            description = "Re-read health and metrics from the database this often (default: ${DEFAULT-VALUE}).")
    Duration refreshEvery;

    @Option(names = "--verify-audit-every", paramLabel = "INTERVAL", defaultValue = "5m",
            converter = IntervalConverter.class,
            description = "Walk the whole audit chain this often (default: ${DEFAULT-VALUE}).")
    Duration verifyAuditEvery;

    @Option(names = "--anchor-every", paramLabel = "INTERVAL", defaultValue = "5m",
            converter = IntervalConverter.class,
            description = "Anchor the audit chain head in the anchors file this often (default: ${DEFAULT-VALUE};"
                    + " 0: off).")
    Duration anchorEvery;

    @Option(names = "--relay-every", paramLabel = "INTERVAL", defaultValue = "1s",
            converter = IntervalConverter.class,
            description = "With a Kafka cluster (--kafka, BAZAAR_KAFKA) or the home's broker running, publish the outbox to it this often"
                    + " (default: ${DEFAULT-VALUE}; 0: off). Without either, nothing is relayed.")
    Duration relayEvery;

    @Option(names = "--stuck-after", paramLabel = "MINUTES", defaultValue = "30",
            description = "A running job execution without progress for this long is stuck (default: ${DEFAULT-VALUE}).")
    long stuckAfterMinutes;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new CommandFailure(ExitCode.USAGE, "--port must be 0-65535 (0: any free port), not " + port);
        }
        if (refreshEvery.isZero()) {
            throw new CommandFailure(ExitCode.USAGE, "--refresh-every must be positive");
        }
        // the relay runs when Kafka is there: an external cluster, or the home's broker already running
        var events = context.configuredKafka().map(connection ->
                EventsCommand.publisherSettings(context, connection, 3, (short) 1));
        ServeSettings settings = new ServeSettings(bind, port, expireEvery, settleEvery, refreshEvery,
                verifyAuditEvery, Duration.ofMinutes(stuckAfterMinutes), anchorEvery, relayEvery, events);
        var services = context.services();
        var actor = context.actor();
        String token = context.token().orElseThrow();
        // refused here, before anything listens, with the missing permission named (and the refusal audited)
        services.startOperationsServer().authorise(actor, bind + ":" + port, settings.schedules());
        // without the embedded server's port: the pool follows the server when it restarts on another one
        String description = context.databaseDescription().replaceFirst(" \\(port \\d+\\)$", "");
        // the relay holds three more while it runs: its lease, its reads and its marks
        int connections = settings.schedules().stream()
                .anyMatch(s -> s.task() == ScheduledTask.EVENTS_RELAY) ? 7 : 4;
        try (var pool = DatabaseConnector.followingPool(context.config(), "bazaar-serve", connections);
             var reads = new java.io.Closeable() {
                 // the state meters' read-only transaction goes to the read replica when one is configured
                 final java.util.Optional<DatabaseConnector.RoutedReads> routed =
                         DatabaseConnector.routedReads(context.config(), pool);

                 @Override
                 public void close() {
                     routed.ifPresent(DatabaseConnector.RoutedReads::close);
                 }
             }) {
            Services pooled = new Services(new Database(pool), context.clock(), new SecureRandomSecrets(),
                    context.settings(), context.anchoring());
            context.close(); // the command's own connection: the pool serves every thread from here on
            serverLogging();
            try {
                OperationsServer.run(new ServeRuntime(pooled, token, description, context.clock(),
                        settings, reads.routed.map(DatabaseConnector.RoutedReads::database)
                        .orElse(pooled.database())), context.out());
            } catch (RuntimeException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof com.bazaar.domain.shared.DomainException refused) {
                        throw refused; // e.g. the token revoked while starting: its own message and exit code
                    }
                }
                throw new CommandFailure(ExitCode.FAILURE, "the server did not start: " + com.bazaar.cli.Bazaar.rootMessage(e));
            }
        }
        return ExitCode.OK;
    }

    /** A server's logs are its output: bazaar's at INFO (unless BAZAAR_LOG_LEVEL says otherwise), libraries' at WARN. */
    private void serverLogging() {
        // Tomcat logs through java.util.logging: route it into the same (text or JSON) log
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            if (root.getLevel() == ch.qos.logback.classic.Level.OFF) {
                root.setLevel(ch.qos.logback.classic.Level.WARN);
            }
            if (context.env().get("BAZAAR_LOG_LEVEL") == null) {
                root.getLoggerContext().getLogger("com.bazaar").setLevel(ch.qos.logback.classic.Level.INFO);
            }
        }
    }

    /** 30s, 5m, 1h, 1d, an ISO-8601 duration (PT30S), or 0. */
    static final class IntervalConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.strip().equals("0")) {
                return Duration.ZERO;
            }
            Duration d;
            try {
                d = com.bazaar.cli.config.BazaarConfig.duration(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an interval such as 30s, 5m,"
                        + " 1h or 0");
            }
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            if (d.toSeconds() == 0 && !d.isZero()) { // scheduling is in whole seconds: it would silently mean "off"
                throw new CommandLine.TypeConversionException("'" + value + "' is shorter than 1s; use 0 for off");
            }
            return d;
        }
    }
}
