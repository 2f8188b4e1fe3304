package com.bazaar.cli;

import com.bazaar.cli.commands.RootCommand;
import com.bazaar.cli.output.Output;
import com.bazaar.cli.output.TerminalText;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.UrlCredentials;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.events.broker.KafkaBrokerException;
import com.bazaar.postgres.embedded.EmbeddedPostgresException;
import com.bazaar.postgres.files.PrivateFileRefused;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Map;

/**
 * One invocation of the command line: parses, runs the command, and turns every failure into one clear
 * sentence on stderr plus a documented exit code (stack traces only with {@code --debug}). Its writers are guarded
 * ({@link TerminalText#guard}): whatever a command, an error sentence or picocli writes, no stored control character
 * reaches the terminal raw - for the command line, the demo and every line of {@code bazaar shell} alike.
 */
public final class Bazaar {

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Whether this runs a line of {@code bazaar shell}: its hints then name commands as typed there. */
    private final boolean shell;

    public Bazaar(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this(env, out, err, false);
    }

    private Bazaar(Map<String, String> env, PrintWriter out, PrintWriter err, boolean shell) {
        this.env = env;
        this.out = TerminalText.guard(out);
        this.err = TerminalText.guard(err);
        this.shell = shell;
    }

    /** Runs the lines of {@code bazaar shell}: the same, with usage hints as typed in the shell ({@code help order}). */
    public static Bazaar forShell(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new Bazaar(env, out, err, true);
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Bazaar.class);

    public int run(String... args) {
        CliContext context = new CliContext(env, out, err);
        long started = System.nanoTime();
        String command = commandName(args);
        int code = ExitCode.FAILURE;
        try {
            CommandLine cli = commandLine(context);
            if (shell) {
                cli.setParameterExceptionHandler((e, typed) -> usageError(e, true));
            }
            code = cli.execute(args);
            long elapsed = System.nanoTime() - started;
            log.info("command {} finished with exit code {} in {} ms", command, code, elapsed / 1_000_000);
            if (context.metricsFile().isPresent()) {
                code = com.bazaar.cli.metrics.MetricsFile.write(context, command, code, elapsed);
            }
            return code;
        } finally {
            org.slf4j.MDC.clear();
            context.close();
            out.flush();
            err.flush();
        }
    }

    /** The command words (nouns and verbs), never option values: those may be secrets. */
    static String commandName(String[] args) {
        java.util.Set<String> valued = java.util.Set.of("-o", "--output", "--log-format", "--metrics-file", "--token-file", "--db-url",
                "--read-db-url", "--db-user", "--db-password-file", "--correlation-id");
        StringBuilder name = new StringBuilder("bazaar");
        boolean started = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!started && a.startsWith("-")) { // options before the noun: -o json, --output json, --debug
                if (valued.contains(a)) {
                    i++;
                }
                continue;
            }
            if (a.startsWith("-") || !a.matches("[a-z][a-z-]*")) {
                break;
            }
            started = true;
            name.append(' ').append(a);
        }
        return name.toString();
    }

    /** The command tree with this invocation's context injected; also used by the demo to run real commands. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(RootCommand.class, new Factory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        // help in plain text: the guarded writers would show picocli's colour codes as \x1b[1m on a terminal
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        asciiNumbers(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(context, e));
        cli.setParameterExceptionHandler((e, args) -> usageError(e, false));
        com.bazaar.cli.commands.CommandHelp.apply(cli); // summaries, examples, global options shown once
        return cli;
    }

    /**
     * Numeric options and parameters accept the ASCII digits 0-9 only. picocli's own converters use
     * {@code Integer.valueOf}/{@code Long.valueOf}, which also read fullwidth, Arabic-Indic and other Unicode digits;
     * these replace them for the whole command tree (registered after the tree is built, so every command has them).
     */
    static void asciiNumbers(CommandLine cli) {
        CommandLine.ITypeConverter<Long> longs = text -> ascii(text, Long.MIN_VALUE, Long.MAX_VALUE);
        CommandLine.ITypeConverter<Integer> ints = text -> (int) ascii(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        cli.registerConverter(Long.class, longs);
        cli.registerConverter(Long.TYPE, longs);
        cli.registerConverter(Integer.class, ints);
        cli.registerConverter(Integer.TYPE, ints);
    }

    private static long ascii(String text, long min, long max) {
        try {
            return com.bazaar.domain.shared.Numbers.whole(text, "value", "NUMBER_INVALID", min, max);
        } catch (ValidationException e) {
            throw new CommandLine.TypeConversionException("'" + com.bazaar.domain.shared.Numbers.abbreviated(text)
                    + "' is not a whole number from " + min + " to " + max + " written with the digits 0-9");
        }
    }

    private static int usageError(CommandLine.ParameterException e, boolean shell) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        Output.error(err, e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(usageHint(cmd.getCommandSpec(), shell));
        return ExitCode.USAGE;
    }

    /** Where the usage is: {@code bazaar order place --help}, or in the shell {@code help order place}. */
    static String usageHint(CommandLine.Model.CommandSpec spec, boolean shell) {
        if (!shell) {
            return "Run '" + spec.qualifiedName() + " --help' for usage.";
        }
        String path = spec.qualifiedName().substring(spec.root().qualifiedName().length()).strip();
        return path.isEmpty() ? "Type 'help' for the commands."
                : "Type 'help " + path + "' (or '" + path + " --help') for usage.";
    }

    static int report(CliContext context, Exception e) {
        PrintWriter err = context.err();
        Throwable cause = e;
        if (context.debug()) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(UrlCredentials.redact(trace.toString()));
        }
        if (cause instanceof DomainException d) {
            Output.error(err, d.getMessage());
            return exitCodeOf(d);
        }
        if (cause instanceof CommandFailure f) {
            Output.error(err, f.getMessage());
            return f.exitCode();
        }
        if (cause instanceof PrivateFileRefused refused) {
            Output.error(err, refused.getMessage());
            return exitCodeOf(refused);
        }
        if (cause instanceof EmbeddedPostgresException || cause instanceof KafkaBrokerException) {
            Output.error(err, cause.getMessage());
            return ExitCode.FAILURE;
        }
        var kafkaRefusal = com.bazaar.cli.wiring.KafkaConnector.refusal(cause);
        if (kafkaRefusal.isPresent()) {
            Output.error(err, kafkaRefusal.get());
            return ExitCode.DENIED;
        }
        var busy = com.bazaar.postgres.connection.DatabaseBusy.of(cause);
        if (busy.isPresent()) {
            Output.error(err, "busy or limited: " + busy.get() + "; nothing was done, retry in a moment");
            return ExitCode.BUSY;
        }
        if (com.bazaar.postgres.connection.ConnectionLoss.of(cause).isPresent()) {
            Output.error(err, "lost the connection to the database: " + rootMessage(cause) + " ('bazaar db status'"
                    + " shows whether it is back)");
            return ExitCode.FAILURE;
        }
        if (cause instanceof DataAccessException || cause instanceof TransactionException) {
            Output.error(err, "database failure: " + rootMessage(cause)
                    + (context.debug() ? "" : " (run with --debug for details)"));
            return ExitCode.FAILURE;
        }
        Output.error(err, "unexpected failure: " + rootMessage(cause)
                + (context.debug() ? "" : " (run with --debug for details)"));
        return ExitCode.FAILURE;
    }

    public static int exitCodeOf(DomainException e) {
        if (e instanceof PermissionDenied) {
            return ExitCode.DENIED;
        }
        if (e instanceof ValidationException || e instanceof RuleViolation) {
            return ExitCode.REJECTED;
        }
        if (e instanceof NotFound) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof Conflict) {
            return ExitCode.CONFLICT;
        }
        if (e instanceof com.bazaar.domain.shared.RateLimited) {
            return ExitCode.BUSY;
        }
        return ExitCode.FAILURE;
    }

    /**
     * A token, password, key, lock or pid file (or the home) that is unsafe to use: 3 (denied, as for a bad token) when
     * it is a symbolic link, not a regular file, missing, another user's or open to others; 4 when it is larger than
     * such a file can be; 6 when a file bazaar never overwrites is in the way; 1 when the system refused to read it.
     */
    public static int exitCodeOf(PrivateFileRefused e) {
        return switch (e.problem()) {
            case TOO_LARGE -> ExitCode.REJECTED;
            case EXISTS -> ExitCode.CONFLICT;
            case UNREADABLE -> ExitCode.FAILURE;
            case MISSING, SYMBOLIC_LINK, WRONG_TYPE, NOT_OWNED, OPEN_TO_OTHERS -> ExitCode.DENIED;
        };
    }

    /**
     * The first line of the innermost cause's message: wrappers (Spring, the pool) say less than the driver. URL
     * credentials masked: a driver may quote the URL ("No suitable driver found for jdbc:...").
     */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return UrlCredentials.redact(message.lines().findFirst().orElse(message));
    }

    /** Creates commands, handing the invocation's context to those whose constructor takes it. */
    private static final class Factory implements CommandLine.IFactory {
        private final CliContext context;

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
