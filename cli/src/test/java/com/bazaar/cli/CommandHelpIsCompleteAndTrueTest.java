package com.bazaar.cli;

import com.bazaar.cli.commands.CommandHelp;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every command's help is complete and true: a one-sentence summary that fits the command list of its noun at 80
 * columns, an Examples section whose every example the real command tree parses (an example with a wrong option, a
 * missing required one or a bad value fails here), and the global options listed once, in {@code bazaar --help}.
 */
class CommandHelpIsCompleteAndTrueTest {

    private static CommandLine tree() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return Bazaar.commandLine(new CliContext(Map.of("HOME", "/nonexistent"), sink, sink));
    }

    private static void walk(CommandLine command, Consumer<CommandLine> visit) {
        visit.accept(command);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                walk(sub, visit);
            }
        });
    }

    /** The examples a command's help shows: lines of its Examples section that run bazaar. */
    private static List<String> examples(CommandLine command) {
        String usage = command.getUsageMessage();
        int section = usage.indexOf("\nExamples:\n");
        if (section < 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        String pending = "";
        for (String line : usage.substring(section).lines().map(String::strip).toList()) {
            assertThat(line.length()).as("a line of the examples of " + command.getCommandName()).isLessThan(79);
            if (line.endsWith(" \\")) { // continued on the next line, as in a shell
                pending += line.substring(0, line.length() - 1);
            } else {
                lines.add(pending + line);
                pending = "";
            }
        }
        return lines.stream().filter(l -> l.startsWith("bazaar ") || l.equals("bazaar")).toList();
    }

    @Test
    void everyCommandHasASummaryAndAnExampleOfItself() {
        List<String> missing = new ArrayList<>();
        walk(tree(), command -> {
            String path = command.getCommandSpec().qualifiedName();
            String summary = CommandHelp.summary(command.getCommandSpec());
            if (!summary.matches("[A-Z$].*\\.") || summary.contains(". ")) {
                missing.add(path + ": summary is not one complete sentence: '" + summary + "'");
            }
            for (String line : command.getCommandSpec().usageMessage().footer()) { // picocli would break it anywhere
                if (String.format(line).length() > 80) {
                    missing.add(path + ": footer line longer than 80 columns: " + line);
                }
            }
            if (examples(command).stream().noneMatch(e -> (e + " ").startsWith(path + " ")
                    || e.startsWith("bazaar -o ") && e.contains(path.substring("bazaar".length()) + " "))) {
                missing.add(path + ": no example of itself");
            }
        });
        assertThat(missing).isEmpty();
        // and the resource names no command that does not exist
        List<String> paths = new ArrayList<>();
        walk(tree(), command -> paths.add(command.getCommandSpec().qualifiedName()));
        assertThat(paths).containsAll(CommandHelp.entries().keySet());
    }

    @Test
    void everyExampleParsesWithTheRealCommandTree() {
        List<String> examples = new ArrayList<>();
        walk(tree(), command -> examples(command).forEach(e -> examples.add(command.getCommandSpec().qualifiedName()
                + "\u0000" + e)));
        assertThat(examples).hasSizeGreaterThan(150);
        List<String> wrong = new ArrayList<>();
        // one tree for every example: picocli resets each option to its initial value before a parse, so an example
        // cannot lean on a value an earlier one gave (building the tree ~150 times took most of this test's 20 s)
        CommandLine tree = tree();
        for (String entry : examples) {
            String owner = entry.substring(0, entry.indexOf('\u0000'));
            String example = entry.substring(entry.indexOf('\u0000') + 1);
            List<String> words = words(example);
            try {
                var parsed = tree.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
                var leaf = parsed;
                while (leaf.subcommand() != null) {
                    leaf = leaf.subcommand();
                }
                String ran = leaf.commandSpec().qualifiedName();
                if (!(ran + " ").startsWith(owner + " ")) {
                    wrong.add(owner + ": '" + example + "' runs " + ran);
                }
            } catch (CommandLine.ParameterException e) {
                wrong.add(owner + ": '" + example + "': " + e.getMessage());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aWrongExampleWouldFail() {
        // the check above would catch a misspelt option, a missing required one and a value of the wrong type
        for (String broken : List.of("order place --seller ACME --buyer b@example.com --lines MUG-01:2 --idempotency-key k",
                "order place --seller ACME --buyer b@example.com --idempotency-key k",
                "job list --limit ten")) {
            try {
                tree().parseArgs(words(broken).toArray(String[]::new));
                fail("parsed: " + broken);
            } catch (CommandLine.ParameterException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void summariesFitTheirNounsCommandListAtEightyColumns() {
        List<String> wrapped = new ArrayList<>();
        walk(tree(), command -> {
            long verbs = command.getSubcommands().entrySet().stream()
                    .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
                    .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).count();
            if (verbs == 0) {
                return;
            }
            command.setUsageHelpWidth(80);
            String list = command.getHelp().commandList();
            List<String> lines = list.lines().filter(l -> !l.isBlank()).toList();
            if (lines.size() != verbs || lines.stream().anyMatch(l -> l.length() > 80 || !l.endsWith("."))) {
                wrapped.add(command.getCommandSpec().qualifiedName() + ":\n" + list);
            }
        });
        assertThat(wrapped).isEmpty();
    }

    @Test
    void globalOptionsAreListedOnceInTheRootHelpAndStillParseEverywhere() {
        CommandLine root = tree();
        String rootHelp = root.getUsageMessage();
        assertThat(rootHelp).contains("--db-url=JDBC_URL").contains("--token-file=FILE").contains("-o, --output")
                .contains("Examples:").contains("Exit codes:").doesNotContain("Global options (");
        CommandLine place = root.getSubcommands().get("order").getSubcommands().get("place");
        String help = place.getUsageMessage();
        assertThat(help).contains("--idempotency-key=KEY").contains("--line=SKU:QTY")
                .doesNotContain("--db-url=").doesNotContain("--token-file=").doesNotContain("--output=")
                .doesNotContain("--kafka-client-properties")
                .contains("Global options (--output, --token-file, --db-url, ...): see 'bazaar --help'.")
                .contains("Examples:");
        assertThat(help.indexOf("Global options")).isGreaterThan(help.indexOf("--version"))
                .isLessThan(help.indexOf("Examples:"));
        // a noun's help too, and its synopsis
        String order = root.getSubcommands().get("order").getUsageMessage();
        assertThat(order).doesNotContain("--db-url=").contains("Global options (")
                .startsWith("Usage: bazaar order [-hV] [COMMAND]");
        assertThat(order.indexOf("Global options")).isGreaterThan(order.indexOf("deliver"));
        // the global options still parse after a verb
        var parsed = tree().parseArgs("order", "show", "1042", "-o", "json", "--db-url", "jdbc:postgresql://db/x",
                "--token-file", "t");
        assertThat(parsed.subcommand().subcommand().hasMatchedOption("--db-url")).isTrue();
        assertThat(parsed.subcommand().subcommand().matchedOptionValue("--output", "")).isEqualTo("json");
    }

    /** Words as a POSIX shell splits them: single and double quotes, a trailing "  # comment" and "> file" dropped. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if ((c == '#' || c == '>') && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertThat((int) quote).as("unbalanced quotes in " + line).isZero();
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
