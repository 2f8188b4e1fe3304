package com.bazaar.cli;

import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.cli.output.Output;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.application.Authenticate;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.postgres.Migrations;
import com.bazaar.postgres.files.PrivateFiles;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one invocation shares: environment, writers, global options, and - created only when a command
 * asks - the configuration, the database connection, the services and the authenticated actor.
 */
public final class CliContext implements AutoCloseable {

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Microsecond ticks: the precision PostgreSQL stores, so what is hashed or compared is what is stored. */
    private final Clock clock = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));

    private final Map<BazaarConfig.Key, String> flags = new EnumMap<>(BazaarConfig.Key.class);
    private final Map<BazaarConfig.Key, Path> flagFiles = new EnumMap<>(BazaarConfig.Key.class);
    private boolean debug;
    private Path tokenFile;
    private String correlationIdOption;
    private String outputOption;

    private BazaarConfig config;
    private DatabaseConnector.Opened opened;
    private DatabaseConnector.Opened migrationOpened;
    private Services services;
    private com.bazaar.domain.audit.AuditAnchoring anchoring;
    private Authenticate.Authenticated authenticated;
    private CorrelationId correlationId;
    private Path metricsFile;
    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry commandMeters;
    private final Map<String, Boolean> healthChecks = new java.util.LinkedHashMap<>();
    private Boolean auditChainValid;
    private java.time.Duration stuckAfter;
    private String reason;
    private java.util.Optional<com.bazaar.cache.ReadCache> cache;
    private com.bazaar.cache.GuardedRedis<byte[]> redisBuckets;
    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry cacheMeters;

    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    // ---- global options, set by RootCommand ----

    public void flag(BazaarConfig.Key key, String value) {
        flags.put(key, value);
    }

    public void debug(boolean on) {
        this.debug = on;
    }

    public boolean debug() {
        return debug;
    }

    public void tokenFile(Path file) {
        this.tokenFile = file;
    }

    public void correlationId(String value) {
        this.correlationIdOption = value;
    }

    public void output(String format) {
        this.outputOption = format;
    }

    /** {@code --log-format}: JSON lines on stderr have no progress lines among them. */
    public void logFormat(String format) {
        this.logFormatOption = format;
    }

    private String logFormatOption;

    // ---- lazily created ----

    /** A secret option read from a file ({@code --db-password-file}): read when the configuration is loaded. */
    public void flagFile(BazaarConfig.Key key, Path file) {
        flagFiles.put(key, file);
    }

    /** The configuration; a warning it carries (an unsafe home used on purpose) is printed once, on stderr. */
    public BazaarConfig config() {
        if (config == null) {
            config = BazaarConfig.load(env, flags, flagFiles);
            config.warnings().forEach(warning -> Output.diagnostic(err, "warning", warning));
        }
        return config;
    }

    public Output output() {
        String format = outputOption != null ? outputOption : config().get(BazaarConfig.Key.OUTPUT).orElse("table");
        return new Output(out, format);
    }

    public CorrelationId correlationId() {
        if (correlationId == null) {
            String given = correlationIdOption != null ? correlationIdOption : env.get("BAZAAR_CORRELATION_ID");
            if (given != null && !given.isBlank()) {
                correlationId = new CorrelationId(given.strip());
            } else {
                byte[] random = new byte[8];
                new SecureRandom().nextBytes(random);
                correlationId = new CorrelationId("cli-" + HexFormat.of().formatHex(random));
            }
            org.slf4j.MDC.put("correlation_id", correlationId.value());
        }
        return correlationId;
    }

    /** The services over a database whose schema is current; refuses with a clear instruction otherwise. */
    public Services services() {
        Services s = servicesWithoutSchemaCheck();
        Migrations.SchemaState state = s.migrations().check();
        switch (state) {
            case CURRENT -> {
                return s;
            }
            case EMPTY -> throw new CommandFailure(ExitCode.REJECTED, "the database is not initialised ("
                    + opened.description() + "): run 'bazaar init' first");
            case BEHIND -> throw new CommandFailure(ExitCode.REJECTED, "the database schema is older than this "
                    + "bazaar: run 'bazaar db migrate'");
            default -> throw new CommandFailure(ExitCode.REJECTED, "the database schema is newer than this "
                    + "bazaar (version " + Migrations.LATEST_VERSION + "): upgrade bazaar");
        }
    }

    /** The services without checking the schema: for init and the db commands. */
    public Services servicesWithoutSchemaCheck() {
        if (services == null) {
            opened = DatabaseConnector.open(config());
            services = new Services(opened.database(), clock, new SecureRandomSecrets(),
                    settings(), anchoring(), cache());
        }
        return services;
    }

    /**
     * The migrations over the login that runs them (the schema owner's; for init, db migrate and db status), on a
     * connection of its own: the services never run as the owner.
     */
    public Migrations migrations() {
        if (migrationOpened == null) {
            migrationOpened = DatabaseConnector.openForMigrations(config());
        }
        return new Migrations(migrationOpened.dataSource());
    }

    /**
     * The services over the migration login, for the one thing {@code db migrate} does after migrating: giving an
     * upgraded trail its key (an audit record). A deployment may migrate with the owner's login alone.
     */
    public Services migrationServices() {
        migrations();
        return new Services(migrationOpened.database(), clock, new SecureRandomSecrets(), settings(), anchoring());
    }

    /** Where the migrations run, for messages. */
    public String migrationDatabaseDescription() {
        migrations();
        return migrationOpened.description();
    }

    /**
     * How a command's Kafka clients connect to the Kafka in use: the external cluster's bootstrap servers and client
     * properties, or the local broker's address (started if it was not running). One call, whichever it is
     * ({@link com.bazaar.cli.wiring.KafkaConnector}).
     */
    public com.bazaar.events.KafkaConnection kafkaConnection() {
        return com.bazaar.cli.wiring.KafkaConnector.connection(config());
    }

    /**
     * The connection to a Kafka that is there without being started: the external cluster, or the home's broker when
     * it already runs ({@code serve} publishes only then, and never starts a broker by itself).
     */
    public java.util.Optional<com.bazaar.events.KafkaConnection> configuredKafka() {
        return com.bazaar.cli.wiring.KafkaConnector.configured(config());
    }

    /** The jobs facade over the same database (started only by the job commands); close it after use. */
    public com.bazaar.cli.wiring.BatchRuntime batchRuntime() {
        Services commandServices = services();
        var runtime = new com.bazaar.cli.wiring.BatchRuntime(DatabaseConnector.target(config()), clock,
                new SecureRandomSecrets(), settings(), anchoring(), progressWriter(),
                progress() == Progress.LINE, // the progress line is redrawn in place (its text escaped by the jobs)
                cache(), Optional.of(commandServices.commandLimit())); // a job run is one command: paid at its start
        runtime.jobs().progressDisplay(com.bazaar.cli.output.TerminalText::line, this::columns);
        // partitioned runs (--partitions, a restart of one, worker --batch) send and take partition requests over the
        // Kafka in use, reached (and the home's broker started) only when such a run needs it
        var authenticate = runtime.services().authenticate();
        CorrelationId correlation = correlationId();
        runtime.jobs().partitioned(() -> {
            var topics = com.bazaar.cli.config.KafkaTopics.of(env);
            return new com.bazaar.batch.partition.PartitionTransport(kafkaConnection().config(java.util.Map.of()),
                    com.bazaar.batch.partition.PartitionTransport.topic(topics.prefix()), PARTITION_TOPIC_PARTITIONS,
                    topics.groupPrefix() + "batch-workers");
        }, name -> authenticate.asUser(com.bazaar.domain.identity.UserName.of(name), correlation).actor());
        return runtime;
    }

    /** How a job's progress shows on stderr. */
    enum Progress { LINE, PLAIN, OFF }

    /**
     * {@code BAZAAR_PROGRESS} = {@code line} (one line redrawn in place), {@code plain} (a line every few seconds) or
     * {@code off}; by default a redrawn line when stderr is a terminal, plain lines when it is not (a log file, CI),
     * none with {@code --log-format json} (stderr is then a stream of JSON lines).
     */
    Progress progress() {
        switch (env.getOrDefault("BAZAAR_PROGRESS", "auto")) {
            case "line" -> {
                return Progress.LINE;
            }
            case "plain" -> {
                return Progress.PLAIN;
            }
            case "off" -> {
                return Progress.OFF;
            }
            default -> {
                // automatic, below
            }
        }
        String logFormat = logFormatOption != null ? logFormatOption : env.getOrDefault("BAZAAR_LOG_FORMAT", "text");
        if ("json".equals(logFormat)) {
            return Progress.OFF;
        }
        return stderrIsTerminal() && !"dumb".equals(env.get("TERM")) ? Progress.LINE : Progress.PLAIN;
    }

    /** The raw stderr for the progress (its own control sequences; its text escaped by the jobs), or nowhere. */
    private PrintWriter progressWriter() {
        return progress() == Progress.OFF ? new PrintWriter(java.io.Writer.nullWriter())
                : com.bazaar.cli.output.TerminalText.unguarded(err);
    }

    /** Whether file descriptor 2 is a terminal: on Linux its link names a tty; elsewhere, whether a console is. */
    private static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** The terminal's width: {@code COLUMNS} when the shell exports it, else 80. */
    private int columns() {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** The partitions of the batch request topic: at most that many workers take partitions at once. */
    public static final int PARTITION_TOPIC_PARTITIONS = 16;

    /**
     * The cache of products and discount rules ({@code --cache} / {@code BAZAAR_CACHE}), if one is configured: one
     * per invocation, connected at its first use, closed with the context. Its one warning of an outage goes to stderr.
     */
    public java.util.Optional<com.bazaar.cache.ReadCache> cache() {
        if (cache == null) {
            cache = config().cache().map(settings -> new com.bazaar.cache.ReadCache(keyPrefix(settings), cacheMeters(),
                    this::warn));
        }
        return cache;
    }

    private void warn(String warning) {
        synchronized (err) {
            Output.diagnostic(err, "warning", warning);
            err.flush();
        }
    }

    /**
     * The Redis of the rate-limit buckets ({@code limits.store: redis}: the cache's URL and key prefix), if so
     * configured: one per invocation, shared by its services, connected at the first take, closed with the context.
     * Its one warning of an outage goes to stderr.
     */
    private Optional<com.bazaar.cache.GuardedRedis<byte[]>> redisBuckets() {
        if (redisBuckets == null && config().limitsInRedis()) {
            redisBuckets = com.bazaar.cache.RedisRateLimiter.redis(keyPrefix(config().cache().orElseThrow()),
                    this::warn);
        }
        return Optional.ofNullable(redisBuckets);
    }

    /** {@code BAZAAR_CACHE_KEY_PREFIX} (default {@code bazaar}) at the start of every cache key; refused (exit 2) if unfit. */
    private com.bazaar.cache.CacheSettings keyPrefix(com.bazaar.cache.CacheSettings settings) {
        String prefix = Optional.ofNullable(env.get(com.bazaar.cache.CacheSettings.PREFIX_ENV)).map(String::strip)
                .filter(p -> !p.isEmpty()).orElse("bazaar");
        try {
            return settings.withInstallationPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, com.bazaar.cache.CacheSettings.PREFIX_ENV + ": " + e.getMessage());
        }
    }

    /** The cache's meters ({@code bazaar_cache_*}), which the metrics file includes. */
    public io.micrometer.prometheusmetrics.PrometheusMeterRegistry cacheMeters() {
        if (cacheMeters == null) {
            cacheMeters = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                    io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        }
        return cacheMeters;
    }

    /** The cache's meters if this invocation used the cache. */
    public Optional<io.micrometer.prometheusmetrics.PrometheusMeterRegistry> usedCacheMeters() {
        return cache != null && cache.isPresent() ? Optional.of(cacheMeters) : Optional.empty();
    }

    /** This host's audit key file and anchors file (read only when a command appends, verifies or anchors). */
    public com.bazaar.domain.audit.AuditAnchoring anchoring() {
        if (anchoring == null) {
            anchoring = new com.bazaar.domain.audit.AuditAnchoring(
                    new com.bazaar.cli.audit.AuditKeyFile(config().auditKeyFile()),
                    new com.bazaar.cli.audit.AnchorFile(config().auditAnchorsFile(), false));
        }
        return anchoring;
    }

    /** The settings the services take from the configuration. */
    public Services.Settings settings() {
        return new Services.Settings(config().reservationTtl(), config().commissionBasisPoints(),
                config().get(BazaarConfig.Key.SIMULATOR).orElse(""), config().writeOffApprovalMinor(),
                config().rateLimits(), redisBuckets());
    }

    public String databaseDescription() {
        servicesWithoutSchemaCheck();
        return opened.description();
    }

    /** How read-only work is routed, when a read replica is configured (db.read-url, or a running local replica). */
    public Optional<com.bazaar.postgres.replica.ReadRouting> readRouting() {
        servicesWithoutSchemaCheck();
        return opened.routing();
    }

    /** The authenticated caller: token from --token-file, else BAZAAR_TOKEN. */
    public Authenticate.Authenticated authenticated() {
        if (authenticated == null) {
            String token = readToken();
            authenticated = services().authenticate().authenticate(token, correlationId());
            org.slf4j.MDC.put("actor", authenticated.actor().name());
        }
        return authenticated;
    }

    public Actor actor() {
        Actor actor = authenticated().actor();
        return reason == null ? actor : actor.withReason(reason);
    }

    /**
     * The reason the command gave ({@code --reason}) for work this invocation hands to others - a batch job runs as
     * {@link #actor()} - so the job's changes and their audit records carry it.
     */
    public void reason(String why) {
        this.reason = why == null || why.isBlank() ? null : why;
    }

    /** The token this invocation presents (from --token-file or BAZAAR_TOKEN), for the shell's later commands. */
    public Optional<String> token() {
        return Optional.ofNullable(readToken());
    }

    /**
     * The token file is read as ssh reads a private key ({@link PrivateFiles}): a regular file of this user that group
     * and others cannot access, at most 4096 bytes, never through a link, never a FIFO or a device.
     */
    private String readToken() {
        if (tokenFile != null) {
            return PrivateFiles.readSecret(tokenFile, "token file").strip();
        }
        return Optional.ofNullable(env.get("BAZAAR_TOKEN")).map(String::strip).orElse(null);
    }

    /** Where {@code --metrics-file} asked for the Prometheus text of this invocation, if it did. */
    public Optional<Path> metricsFile() {
        return Optional.ofNullable(metricsFile);
    }

    public void metricsFile(Path file) {
        this.metricsFile = file;
    }

    /** Meters a long-running command keeps of its own (the worker's consumers): the metrics file includes them. */
    public Optional<io.micrometer.prometheusmetrics.PrometheusMeterRegistry> commandMeters() {
        return Optional.ofNullable(commandMeters);
    }

    public void commandMeters(io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) {
        this.commandMeters = registry;
    }

    /** Results of {@code bazaar health}, by check name, for the metrics file. */
    public Map<String, Boolean> healthChecks() {
        return healthChecks;
    }

    /** The stuck threshold this invocation checked with ({@code health --stuck-after}), if it checked. */
    public Optional<java.time.Duration> stuckAfter() {
        return Optional.ofNullable(stuckAfter);
    }

    public void stuckAfter(java.time.Duration threshold) {
        this.stuckAfter = threshold;
    }

    /** Result of verifying the audit chain in this invocation, if it was verified. */
    public Optional<Boolean> auditChainValid() {
        return Optional.ofNullable(auditChainValid);
    }

    public void auditChainValid(boolean valid) {
        this.auditChainValid = valid;
    }

    /** The services if this invocation already opened the database with a current schema; never opens it. */
    public Optional<Services> openedServices() {
        if (services == null) {
            return Optional.empty();
        }
        try {
            return services.migrations().check() == Migrations.SchemaState.CURRENT ? Optional.of(services)
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.ifPresent(com.bazaar.cache.ReadCache::close);
            cache = null;
        }
        if (redisBuckets != null) {
            redisBuckets.close();
            redisBuckets = null;
        }
        if (opened != null) {
            opened.close();
        }
        if (migrationOpened != null) {
            migrationOpened.close();
            migrationOpened = null;
        }
    }
}
