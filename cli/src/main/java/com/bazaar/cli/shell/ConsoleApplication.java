package com.bazaar.cli.shell;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.reader.ParsedLine;
import org.jline.reader.History;
import org.jline.reader.impl.DefaultParser;
import org.jline.utils.AttributedString;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.autoconfigure.SpringShellAutoConfiguration;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;
import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.CommandHighlighter;
import org.springframework.shell.jline.JLineShellRunner;
import org.springframework.shell.jline.PromptProvider;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The Spring Shell application of {@code bazaar shell}. Spring Shell runs the loop, the terminal, history and its
 * built-in commands; four of its defaults are replaced so that the commands stay the picocli ones:
 * <ul>
 *   <li>the command registry holds one {@link Delegating} command per path of the picocli tree ({@code seller
 *       list}, {@code job run catalog-import}, ...) with picocli's description, plus {@code help} and a catch-all
 *       {@code bazaar} (so {@code bazaar seller list} and unknown words also reach picocli, which explains them);</li>
 *   <li>the parser finds the longest registered command and passes every other word untouched (Spring Shell's own
 *       parser would interpret options it does not know);</li>
 *   <li>the completer is bazaar's (commands, options, seller codes, SKUs, execution ids);</li>
 *   <li>the input ({@link ConsoleInput}) refuses lines longer than 65,536 characters, reads piped lines itself with
 *       bounded memory, and treats Ctrl-C at the prompt as "clear the line", not "leave the shell".</li>
 * </ul>
 * Beside these: the terminal comes from JLine's JNI provider only ({@link ConsoleTerminal}: no program is run
 * through PATH) and the history file is private ({@link ShellHistory}).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(SpringShellAutoConfiguration.class)
class ConsoleApplication {

    /** The console's name, where JLine shows or uses one. */
    static final String NAME = "bazaar";

    /** The catch-all command: input that names no command goes to picocli, which says what is wrong. */
    static final String FALLBACK = "bazaar";

    /** Hands the command path and the typed words to {@code Bazaar.run}; never lets Spring Shell report errors. */
    static final class Delegating extends AbstractCommand {
        private final ConsoleSession session;
        private final List<String> path;

        Delegating(String name, String description, ConsoleSession session) {
            super(name, description, "Bazaar");
            this.session = session;
            this.path = name.equals(FALLBACK) ? List.of() : List.of(name.split(" "));
        }

        @Override
        public ExitStatus doExecute(CommandContext context) {
            List<String> args = new ArrayList<>(path);
            context.parsedInput().arguments().forEach(a -> args.add(a.value()));
            run(session, args);
            return ExitStatus.OK; // anything else makes Spring Shell print a second, generic error line
        }
    }

    static void run(ConsoleSession session, List<String> args) {
        if (args.isEmpty()) {
            return;
        }
        if (args.get(0).equals("shell")) {
            session.err().println("error: already in the shell");
            session.err().flush();
            return;
        }
        int code = session.run(args.toArray(String[]::new));
        if (code != 0) {
            session.err().println("(exit " + code + ")");
            session.err().flush();
        }
    }

    @Bean
    CommandRegistry commandRegistry(ConsoleSession session) {
        CommandRegistry registry = new CommandRegistry();
        register(registry, session.commands(), "", session);
        registry.registerCommand(new Delegating(FALLBACK, "Run any bazaar command line: bazaar NOUN VERB ...",
                session));
        registry.registerCommand(new AbstractCommand("help", "List the commands, or explain one: help seller list",
                "Built-In Commands") {
            @Override
            public ExitStatus doExecute(CommandContext context) {
                List<String> args = new ArrayList<>();
                context.parsedInput().arguments().forEach(a -> args.add(a.value()));
                args.add("--help");
                run(session, args);
                return ExitStatus.OK;
            }
        });
        return registry;
    }

    /** Every path of the picocli tree, depth first: groups ({@code seller}) and their verbs ({@code seller list}). */
    private static void register(CommandRegistry registry, CommandSpec spec, String prefix, ConsoleSession session) {
        spec.subcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName()) || name.equals("shell") || (prefix.isEmpty() && name.equals("help"))) {
                return; // aliases are found through their command; the shell is not nested; help is the console's own
            }
            String path = prefix.isEmpty() ? name : prefix + " " + name;
            String[] summary = sub.getCommandSpec().usageMessage().header(); // the one-sentence summary
            String[] description = summary.length > 0 ? summary : sub.getCommandSpec().usageMessage().description();
            registry.registerCommand(new Delegating(path, description.length == 0 ? path : description[0], session));
            register(registry, sub.getCommandSpec(), path, session);
        });
    }

    @Bean
    CommandParser commandParser(CommandRegistry registry) {
        DefaultParser words = new DefaultParser();
        return input -> {
            List<String> typed = new ArrayList<>(words.parse(input, input.length()).words());
            typed.removeIf(String::isEmpty);
            int known = 0;
            for (int i = 1; i <= typed.size(); i++) {
                if (registry.getCommandByName(String.join(" ", typed.subList(0, i))) != null) {
                    known = i;
                }
            }
            ParsedInput.Builder parsed = ParsedInput.builder();
            List<String> rest;
            if (known == 0) {
                parsed.commandName(FALLBACK);
                rest = typed;
            } else {
                parsed.commandName(typed.get(0));
                typed.subList(1, known).forEach(parsed::addSubCommand);
                rest = typed.subList(known, typed.size());
            }
            for (int i = 0; i < rest.size(); i++) {
                parsed.addArgument(new CommandArgument(i, rest.get(i)));
            }
            return parsed.build();
        };
    }

    @Bean
    CommandCompleter commandCompleter(CommandRegistry registry, ConsoleSession session) {
        return new CommandCompleter(registry) {
            @Override
            public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
                session.completer().complete(reader, line, candidates);
            }
        };
    }

    @Bean
    ApplicationRunner consoleRunner(Terminal terminal, org.jline.reader.Parser words, CommandCompleter completer,
                                    CommandHighlighter highlighter, History history, PromptProvider prompt,
                                    CommandParser parser, CommandRegistry registry, ConsoleSession session) {
        LineReader lineReader = lineReader(terminal, words, completer, highlighter, history, session.history());
        JLineShellRunner runner = new JLineShellRunner(new ConsoleInput(lineReader, prompt, session, System.in),
                parser, registry);
        return args -> runner.run(new String[0]);
    }

    /**
     * The console's line reader: Spring Shell's (same terminal, parser, completer, highlighter and history, Tab not
     * inserted), named {@value #NAME} instead of "Spring Shell" (the name JLine gives it, e.g. to inputrc's
     * {@code $if}); Spring Shell's own is left unused.
     */
    static LineReader lineReader(Terminal terminal, org.jline.reader.Parser words, org.jline.reader.Completer completer,
                                 org.jline.reader.Highlighter highlighter, History history, java.nio.file.Path file) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName(NAME).completer(completer)
                .history(history).highlighter(highlighter).parser(words).build();
        reader.setVariable(LineReader.HISTORY_FILE, file.toAbsolutePath());
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        history.attach(reader);
        return reader;
    }

    /** {@code $BAZAAR_HOME/shell_history}, 0600, never through a symbolic link (replaces Spring Shell's). */
    @Bean
    History history(ConsoleSession session) {
        return new ShellHistory(session.history(), session.err());
    }

    @Bean
    PromptProvider promptProvider() {
        return () -> new AttributedString("bazaar> ");
    }

    /**
     * JLine's JNI provider only, never one that runs programs found through PATH ({@link ConsoleTerminal}); a dumb
     * terminal when standard input is not one (piped lines, scripts), without JLine's warning.
     */
    @Bean
    TerminalCustomizer terminalCustomizer() {
        return ConsoleTerminal::configure;
    }
}
