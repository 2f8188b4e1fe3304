package com.bazaar.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every command's help shows beside its own description, applied to the tree when it is built (the command line
 * and {@code bazaar shell} share it):
 * <ul>
 *   <li>a one-sentence summary (picocli's {@code header}, not printed atop the command's own help): the line of a
 *       noun's command list, the description of the shell's {@code help} and of the fish completion;</li>
 *   <li>an Examples section, from {@code cli/src/main/resources/help/commands.txt}, keyed by the command's path;</li>
 *   <li>the global options (RootCommand's, inherited by every command so that they parse anywhere) listed once, in
 *       {@code bazaar --help}: a subcommand's synopsis and option list show its own options and end with one line
 *       naming the global ones.</li>
 * </ul>
 */
public final class CommandHelp {

    /** The resource with every command's summary and examples. */
    public static final String RESOURCE = "/help/commands.txt";
    static final String GLOBAL_OPTIONS = "globalOptions";

    /** One command's summary and examples, as the resource gives them. */
    public record Entry(String summary, List<String> examples) {
    }

    private CommandHelp() {
    }

    /** Summaries, examples and the global-options rule for the whole tree under {@code root}. */
    public static void apply(CommandLine root) {
        Map<String, Entry> entries = entries();
        root.setHelpFactory(LocalOptionsHelp::new);
        apply(root, entries);
    }

    private static void apply(CommandLine command, Map<String, Entry> entries) {
        CommandSpec spec = command.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        Entry entry = entries.get(spec.qualifiedName());
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        if (entry != null) {
            usage.header(entry.summary());
            keys.remove(UsageMessageSpec.SECTION_KEY_HEADER_HEADING); // the summary is for lists; the description
            keys.remove(UsageMessageSpec.SECTION_KEY_HEADER);         // below the synopsis says it in full
            if (!entry.examples().isEmpty()) {
                List<String> footer = new ArrayList<>(List.of(usage.footer()));
                if (footer.isEmpty()) {
                    usage.footerHeading("%nExamples:%n");
                } else { // after the footer the command has (the root's exit codes)
                    footer.add("");
                    footer.add("Examples:");
                }
                entry.examples().forEach(example -> exampleLines(example, usage.width())
                        .forEach(line -> footer.add(line.replace("%", "%%"))));
                usage.footer(footer.toArray(String[]::new));
            }
        }
        if (spec.parent() != null) {
            Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
            sections.put(GLOBAL_OPTIONS, help -> globalOptionsLine(help.commandSpec()));
            usage.sectionMap(sections);
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, GLOBAL_OPTIONS);
        }
        usage.sectionKeys(keys);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // an alias is the same command
                apply(sub, entries);
            }
        });
    }

    /**
     * An example as lines of at most {@code width} columns, indented by two: a long one is broken before an option
     * with a trailing backslash (a shell's line continuation), so that it still pastes into a shell; its comment goes
     * on the last line, or above the example when it does not fit there.
     */
    static List<String> exampleLines(String example, int width) {
        int hash = example.indexOf("  #");
        String command = hash < 0 ? example : example.substring(0, hash).strip();
        String comment = hash < 0 ? "" : example.substring(hash).strip();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("  ");
        for (String part : command.split(" (?=-)")) {
            boolean first = line.toString().isBlank();
            if (!first && line.length() + 1 + part.length() + 2 > width) {
                lines.add(line.append(" \\").toString());
                line = new StringBuilder("      ");
                first = true;
            }
            line.append(first ? "" : " ").append(part);
        }
        lines.add(line.toString());
        if (!comment.isEmpty()) {
            String last = lines.get(lines.size() - 1);
            if (last.length() + 2 + comment.length() <= width) {
                lines.set(lines.size() - 1, last + "  " + comment);
            } else {
                lines.add(0, "  " + comment);
            }
        }
        return lines;
    }

    /** "Global options (--output, --token-file, --db-url, ...): see 'bazaar --help'." - or nothing without any. */
    static String globalOptionsLine(CommandSpec spec) {
        List<String> names = spec.options().stream().filter(OptionSpec::inherited).filter(o -> !o.hidden())
                .map(OptionSpec::longestName).toList();
        if (names.isEmpty()) {
            return "";
        }
        List<String> shown = new ArrayList<>(List.of("--output", "--token-file", "--db-url"));
        shown.retainAll(names);
        if (shown.size() < names.size()) {
            shown.add("...");
        }
        return String.format("%nGlobal options (" + String.join(", ", shown) + "): see '" + spec.root().name()
                + " --help'.%n");
    }

    /** The command's summary: its header, else the first line of its description. */
    public static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    /**
     * The resource, by command path ({@code bazaar order place}). Format: a line {@code [bazaar order place]} opens a
     * command; its first following line is the summary, each line starting with {@code bazaar } an example
     * (optionally followed by two spaces, {@code #} and a comment); lines starting with {@code #} and blank lines are
     * ignored.
     */
    public static Map<String, Entry> entries() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        var stream = CommandHelp.class.getResourceAsStream(RESOURCE);
        if (stream == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String path = null;
            String summary = null;
            List<String> examples = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (text.startsWith("[") && text.endsWith("]")) {
                    if (path != null) {
                        entries.put(path, new Entry(summary, List.copyOf(examples)));
                    }
                    path = text.substring(1, text.length() - 1);
                    summary = null;
                    examples.clear();
                } else if (path == null) {
                    throw new IllegalStateException(RESOURCE + ": text before the first [command]: " + text);
                } else if (text.startsWith("bazaar ") || text.equals("bazaar")) {
                    examples.add(text);
                } else if (summary == null) {
                    summary = text;
                } else {
                    throw new IllegalStateException(RESOURCE + ": [" + path + "] has a second summary: " + text);
                }
            }
            if (path != null) {
                entries.put(path, new Entry(summary, List.copyOf(examples)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** picocli's help without the inherited (global) options in a subcommand's synopsis and option list. */
    static final class LocalOptionsHelp extends Help {

        LocalOptionsHelp(CommandSpec spec, ColorScheme colorScheme) {
            super(spec, colorScheme);
        }

        private List<OptionSpec> local(List<OptionSpec> options) {
            return commandSpec().parent() == null ? options
                    : options.stream().filter(o -> !o.inherited()).toList();
        }

        @Override
        protected Ansi.Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> optionList,
                                                             Comparator<OptionSpec> optionSort,
                                                             boolean clusterBooleanOptions) {
            return super.createDetailedSynopsisOptionsText(done, local(optionList), optionSort, clusterBooleanOptions);
        }

        @Override
        public String optionListExcludingGroups(List<OptionSpec> options, Layout layout,
                                                Comparator<OptionSpec> optionSort,
                                                IParamLabelRenderer valueLabelRenderer) {
            return super.optionListExcludingGroups(local(options), layout, optionSort, valueLabelRenderer);
        }
    }
}
