package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bazaar completion bash|zsh|fish}: a completion script of the whole command tree. bash and zsh get picocli's
 * generated script (it loads zsh's bashcompinit itself); fish gets one written here from the same tree: nouns, verbs
 * and long options, with their one-line descriptions.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script (bash, zsh or fish) for the bazaar command.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(bazaar completion bash)                      # this bash session only",
                "  bazaar completion bash > ~/.local/share/bash-completion/completions/bazaar",
                "  echo 'source <(bazaar completion zsh)' >> ~/.zshrc     # zsh, after compinit",
                "  bazaar completion fish > ~/.config/fish/completions/bazaar.fish"})
final class CompletionCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "bash|zsh|fish", description = "The shell.")
    String shell;

    CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = switch (shell) {
            case "bash", "zsh" -> AutoComplete.bash(root.getCommandName(), root);
            case "fish" -> fish(root.getCommandSpec());
            default -> throw new CommandFailure(ExitCode.USAGE, "completion scripts are for bash, zsh or fish (got '"
                    + shell + "')");
        };
        context.out().print(script);
        context.out().flush();
        return ExitCode.OK;
    }

    /** A fish script: {@code complete} lines for every noun, verb and long option of the tree. */
    static String fish(CommandSpec root) {
        String name = root.name();
        List<String> lines = new ArrayList<>();
        lines.add("# fish completion for " + name + " (bazaar completion fish)");
        lines.add("complete -c " + name + " -f");
        options(name, "__fish_use_subcommand", root, lines);
        root.subcommands().forEach((word, sub) -> walk(name, List.of(), word, sub.getCommandSpec(), lines));
        return String.join("\n", lines) + "\n";
    }

    private static void walk(String name, List<String> path, String word, CommandSpec spec, List<String> lines) {
        if (spec.usageMessage().hidden() || !word.equals(spec.name())) {
            return; // aliases are offered under their command's name only
        }
        String parent = path.isEmpty() ? "__fish_use_subcommand" : seen(path) + "; and not "
                + seen(siblings(spec));
        lines.add("complete -c " + name + " -n '" + parent + "' -a " + word + " -d '" + description(spec) + "'");
        List<String> here = new ArrayList<>(path);
        here.add(word);
        options(name, seen(List.of(word)), spec, lines);
        spec.subcommands().forEach((w, sub) -> walk(name, here, w, sub.getCommandSpec(), lines));
    }

    private static List<String> siblings(CommandSpec spec) {
        return List.copyOf(spec.parent().subcommands().keySet());
    }

    private static String seen(List<String> words) {
        return "__fish_seen_subcommand_from " + String.join(" ", words);
    }

    private static void options(String name, String condition, CommandSpec spec, List<String> lines) {
        for (OptionSpec option : spec.options()) {
            if (option.hidden() || option.inherited()) {
                continue;
            }
            String longName = null;
            for (String n : option.names()) {
                if (n.startsWith("--")) {
                    longName = n.substring(2);
                }
            }
            if (longName == null) {
                continue;
            }
            String values = option.completionCandidates() == null ? "" : " -a '" + String.join(" ",
                    (Iterable<String>) option.completionCandidates()) + "'";
            lines.add("complete -c " + name + " -n '" + condition + "' -l " + longName
                    + (option.arity().max() > 0 ? " -r" : "") + values + " -d '" + quoted(String.join(" ",
                    option.description())) + "'");
        }
    }

    private static String description(CommandSpec spec) {
        return quoted(CommandHelp.summary(spec));
    }

    /** Inside fish single quotes: only \ and ' are special. */
    private static String quoted(String text) {
        String line = text.lines().findFirst().orElse("").replace("%n", " ");
        return line.replace("\\", "\\\\").replace("'", "\\'");
    }
}
