package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code bazaar help [NOUN [VERB ...]]}: the help of that command, as {@code bazaar NOUN VERB --help} prints it. */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
        description = "Show the help of a command: 'bazaar help order place' is 'bazaar order place --help'.",
        footerHeading = "%nExamples:%n",
        footer = {"  bazaar help", "  bazaar help recon", "  bazaar help order place"})
final class HelpCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command's words, e.g. order place.")
    List<String> words = List.of();

    HelpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CommandLine command = spec.root().commandLine();
        StringBuilder path = new StringBuilder(command.getCommandName());
        for (String word : words) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null || sub.getCommandSpec().usageMessage().hidden()) {
                throw new CommandFailure(ExitCode.USAGE, "'" + path + "' has no command '"
                        + com.bazaar.cli.output.TerminalText.line(word) + "'; its commands: "
                        + String.join(", ", command.getSubcommands().keySet()));
            }
            command = sub;
            path.append(' ').append(word);
        }
        command.usage(context.out());
        context.out().flush();
        return ExitCode.OK;
    }
}
