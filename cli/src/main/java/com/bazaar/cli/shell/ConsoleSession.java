package com.bazaar.cli.shell;

import com.bazaar.cli.ExitCode;
import org.jline.reader.Completer;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the console is given by {@code bazaar shell}: how to run one command line (the session's environment is
 * already in it), the command tree (for Spring Shell's command registry), the completer, the history file and the
 * writers. Keeps the last exit code: the session exits with it.
 */
public final class ConsoleSession {

    private final Function<String[], Integer> commandLine;
    private final CommandSpec commands;
    private final Completer completer;
    private final Path history;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile int lastExitCode;

    public ConsoleSession(Function<String[], Integer> commandLine, CommandSpec commands, Completer completer,
                          Path history, PrintWriter out, PrintWriter err) {
        this.commandLine = commandLine;
        this.commands = commands;
        this.completer = completer;
        this.history = history;
        this.out = out;
        this.err = err;
    }

    /** Runs one command line as {@code bazaar ARGS...} would, and remembers its exit code. */
    int run(String... args) {
        int code = commandLine.apply(args);
        lastExitCode = code;
        return code;
    }

    /** A line refused before it ran (too long): one sentence, and exit status 4 as a refused command leaves. */
    void refuse(String sentence) {
        lastExitCode = ExitCode.REJECTED;
        err.println("error: " + sentence);
        err.println("(exit " + ExitCode.REJECTED + ")");
        err.flush();
    }

    CommandSpec commands() {
        return commands;
    }

    Completer completer() {
        return completer;
    }

    Path history() {
        return history;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    public int lastExitCode() {
        return lastExitCode;
    }
}
