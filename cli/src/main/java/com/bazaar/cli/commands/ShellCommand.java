package com.bazaar.cli.commands;

import com.bazaar.cli.Bazaar;
import com.bazaar.cli.CliContext;
import com.bazaar.cli.shell.Console;
import com.bazaar.cli.shell.ConsoleSession;
import picocli.CommandLine.Command;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The interactive console: Spring Shell (package {@code cli.shell}) over the one command tree - each line is a command
 * of the command line, run by the same {@link Bazaar} (same commands, options, output and exit codes), with completion
 * of nouns, verbs, option names, seller codes, SKUs and job execution ids ({@link ShellCompleter}), history, and a
 * token checked once for the session (docs/adr/0007-the-console-is-spring-shell-over-the-picocli-tree.md).
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
    public Integer call() {
        var actor = context.actor(); // authenticate once, before the first prompt
        // every line runs with the session's settings: the options given to 'bazaar shell' become the environment
        Map<String, String> env = new HashMap<>(context.env());
        for (var key : com.bazaar.cli.config.BazaarConfig.Key.values()) {
            context.config().get(key).ifPresent(value -> env.put(key.env(), value));
        }
        context.token().ifPresent(token -> env.put("BAZAAR_TOKEN", token));
        var completionTree = Bazaar.commandLine(context);
        Path history = context.config().home().resolve("shell_history");
        var out = context.out();
        out.println("bazaar shell - signed in as " + actor.name() + ". 'help' lists commands, 'exit' leaves.");
        out.flush();
        var session = new ConsoleSession(args -> Bazaar.forShell(env, out, context.err()).run(args),
                completionTree.getCommandSpec(),
                new ShellCompleter(context, new PicocliJLineCompleter(completionTree.getCommandSpec())), history, out,
                context.err());
        return Console.run(session);
    }
}
