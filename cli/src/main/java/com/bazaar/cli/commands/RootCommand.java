package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bazaar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Operations CLI of the Bazaar marketplace back office.",
        subcommands = {InitCommand.class, DemoCommand.class, WhoamiCommand.class, UserCommand.class,
                SellerCommand.class, ProductCommand.class, InventoryCommand.class, OrderCommand.class,
                PriceCommand.Group.class, PriceCommand.Discount.class, PaymentCommand.class, RefundCommand.class,
                JobCommand.class, ReconCommand.class, EventsCommand.class,
                LedgerCommand.class,
                AuditCommand.class, HealthCommand.class, ServeCommand.class, WorkerCommand.class,
                ReportCommand.class, ShellCommand.class, DbCommand.class, KafkaCommand.class, ConfigCommand.class,
                CompletionCommand.class, HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 unexpected failure, 2 usage error, 3 permission denied (also a",
                "  missing, wrong or revoked token), 4 rejected by a business rule or",
                "  validation, 5 not found, 6 conflict.",
                "",
                "The token comes from --token-file or BAZAAR_TOKEN. Data lives in $BAZAAR_HOME",
                "(default ~/.bazaar) unless --db-url / BAZAAR_DB_URL names a PostgreSQL server.",
                "Token and password files must be yours, mode 600, at most 4096 bytes (else",
                "exit 3; 4 when larger); a home another user owns or may write is refused",
                "(exit 3) unless BAZAAR_ALLOW_UNSAFE_HOME=1. Kafka: the local broker of",
                "$BAZAAR_HOME ('bazaar kafka start') unless --kafka / BAZAAR_KAFKA names a",
                "cluster (secured: its SASL/TLS settings in --kafka-client-properties /",
                "BAZAAR_KAFKA_CLIENT_PROPERTIES, a private file like a token file)."})
public final class RootCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    RootCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json|yaml|csv",
            description = "Output format (default: table, or the 'output' setting); JSON and YAML: docs/cli-json.md;"
                    + " 'recon report' also writes html.")
    void output(String format) {
        if (!Output.FORMATS.contains(format) && !Output.HTML.equals(format)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--output must be 'table', 'json', 'yaml' or 'csv' ('html' for recon report) (got '" + format
                            + "')");
        }
        context.output(format);
    }

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Diagnostics on stderr as readable text (default) or JSON lines (or BAZAAR_LOG_FORMAT).")
    void logFormat(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--log-format must be 'text' or 'json' (got '" + format + "')");
        }
        context.logFormat(format);
    }

    @Option(names = "--metrics-file", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "After the command, write its metrics and the system's state as Prometheus text to PATH"
                    + " (atomically; for node_exporter's textfile collector).")
    void metricsFile(Path file) {
        context.metricsFile(file);
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of failures.")
    void debug(boolean on) {
        context.debug(on);
        if (on && org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root && root.getLevel() == ch.qos.logback.classic.Level.OFF) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the API token from FILE (default: the BAZAAR_TOKEN variable).")
    void tokenFile(Path file) {
        context.tokenFile(file);
    }

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
            description = "PostgreSQL server to use instead of the embedded one (or BAZAAR_DB_URL).")
    void dbUrl(String url) {
        context.flag(BazaarConfig.Key.DB_URL, url);
    }

    @Option(names = "--read-db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
            description = "A streaming replica of the database: lists and reports read there while it answers and keeps"
                    + " up (or BAZAAR_READ_DB_URL; default: the local replica, while 'db replica start' runs it).")
    void readDbUrl(String url) {
        context.flag(BazaarConfig.Key.DB_READ_URL, url);
    }

    @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "User for --db-url (or BAZAAR_DB_USER).")
    void dbUser(String user) {
        context.flag(BazaarConfig.Key.DB_USER, user);
    }

    @Option(names = "--db-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password for --db-url from FILE (or BAZAAR_DB_PASSWORD).")
    void dbPasswordFile(Path file) {
        context.flagFile(BazaarConfig.Key.DB_PASSWORD, file);
    }

    @Option(names = "--db-owner-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "Login that runs migrations on --db-url (init, db migrate, db status; or"
                    + " BAZAAR_DB_OWNER_USER; default: --db-user).")
    void dbOwnerUser(String user) {
        context.flag(BazaarConfig.Key.DB_OWNER_USER, user);
    }

    @Option(names = "--db-owner-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password of --db-owner-user from FILE (or BAZAAR_DB_OWNER_PASSWORD).")
    void dbOwnerPasswordFile(Path file) {
        context.flagFile(BazaarConfig.Key.DB_OWNER_PASSWORD, file);
    }

    @Option(names = "--kafka", scope = ScopeType.INHERIT, paramLabel = "BOOTSTRAP",
            description = "Kafka cluster (host:port,...) to use instead of the local broker of $BAZAAR_HOME (or"
                    + " BAZAAR_KAFKA); the local broker is then never started.")
    void kafka(String bootstrapServers) {
        context.flag(BazaarConfig.Key.KAFKA, bootstrapServers);
    }

    @Option(names = "--kafka-client-properties", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Java properties file (0600) with the security settings of the --kafka cluster:"
                    + " security.protocol, sasl.*, ssl.* (or BAZAAR_KAFKA_CLIENT_PROPERTIES; docs/events.md).")
    void kafkaClientProperties(Path file) {
        context.flag(BazaarConfig.Key.KAFKA_CLIENT_PROPERTIES, file.toString());
    }

    @Option(names = "--cache", scope = ScopeType.INHERIT, paramLabel = "REDIS_URL",
            description = "Redis that caches products and discount rules for product show and price quote"
                    + " (redis://host:port; or BAZAAR_CACHE; default: no cache). A cache that does not answer is"
                    + " skipped with one warning.")
    void cache(String url) {
        context.flag(BazaarConfig.Key.CACHE, url);
    }

    @Option(names = "--correlation-id", scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "Correlation id recorded in the audit trail (or BAZAAR_CORRELATION_ID; default: random).")
    void correlationId(String id) {
        context.correlationId(id);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return ExitCode.USAGE;
    }
}
