package com.bazaar.cli.commands;

import com.bazaar.cli.Bazaar;
import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The interactive console: one line = one command of the command line, run by the same {@link Bazaar} (same
 * commands, options, output and exit codes), with completion of nouns, verbs, option names, seller codes, SKUs and
 * job execution ids ({@link ShellCompleter}), history, and a token checked once for the session. Not Spring Shell:
 * see docs/adr/0007-the-console-is-picocli-over-jline.md.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive console: every command of bazaar, one per line, without the 'bazaar' prefix.",
                "Tab completes commands, options, seller codes, SKUs and job execution ids; history is kept in"
                        + " $BAZAAR_HOME/shell_history; 'help' lists commands, 'exit' (or Ctrl-D) leaves. The token"
                        + " is checked once."})
final class ShellCommand implements Callable<Integer> {

    private final CliContext context;

    ShellCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        var actor = context.actor(); // authenticate once, before the first prompt
        // every line runs with the session's settings: the options given to 'bazaar shell' become the environment
        Map<String, String> env = new HashMap<>(context.env());
        for (var key : com.bazaar.cli.config.BazaarConfig.Key.values()) {
            context.config().get(key).ifPresent(value -> env.put(key.env(), value));
        }
        context.token().ifPresent(token -> env.put("BAZAAR_TOKEN", token));
        var completionTree = Bazaar.commandLine(context);
        Path history = context.config().home().resolve("shell_history");
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("bazaar")
                    .completer(new ShellCompleter(context, new PicocliJLineCompleter(completionTree.getCommandSpec())))
                    .parser(new DefaultParser())
                    .variable(LineReader.HISTORY_FILE, history)
                    .build();
            var out = context.out();
            out.println("bazaar shell - signed in as " + actor.name() + ". 'help' lists commands, 'exit' leaves.");
            out.flush();
            int last = ExitCode.OK;
            while (true) {
                String line;
                try {
                    line = reader.readLine("bazaar> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"))) {
                    break;
                }
                if (words.get(0).equals("bazaar")) {
                    words = words.subList(1, words.size());
                }
                if (words.size() == 1 && words.get(0).equals("help")) {
                    words = List.of("--help");
                }
                if (!words.isEmpty() && words.get(0).equals("shell")) {
                    context.err().println("error: already in the shell");
                    context.err().flush();
                    continue;
                }
                last = new Bazaar(env, out, context.err()).run(words.toArray(String[]::new));
                if (last != ExitCode.OK) {
                    context.err().println("(exit " + last + ")");
                    context.err().flush();
                }
            }
            return last;
        }
    }
}
