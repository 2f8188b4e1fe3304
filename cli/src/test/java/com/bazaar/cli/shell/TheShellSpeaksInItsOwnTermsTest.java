package com.bazaar.cli.shell;

import com.bazaar.cli.Bazaar;
import com.bazaar.cli.ExitCode;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inside {@code bazaar shell} a usage error points to the help as it is typed there ({@code help order place}), not
 * to {@code bazaar order place --help}; the command line keeps its own hint. The console's line reader is named
 * bazaar, not "Spring Shell".
 */
class TheShellSpeaksInItsOwnTermsTest {

    @TempDir
    Path home;

    private String[] run(boolean shell, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HOME", home.toString(), "BAZAAR_HOME", home.resolve("bz").toString());
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = (shell ? Bazaar.forShell(env, o, e) : new Bazaar(env, o, e)).run(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void usageHintsInTheShellNameTheShellsHelp() {
        String[] missing = run(true, "order", "place", "--seller", "ACME");
        assertThat(missing[0]).isEqualTo(Integer.toString(ExitCode.USAGE));
        assertThat(missing[2]).contains("Missing required options")
                .contains("Type 'help order place' (or 'order place --help') for usage.")
                .doesNotContain("Run 'bazaar").doesNotContain("bazaar order place --help");
        String[] typo = run(true, "seller", "lst");
        assertThat(typo[2]).contains("Did you mean: seller list").contains("Type 'help seller' (or 'seller --help')")
                .doesNotContain("Run 'bazaar");
        String[] unknown = run(true, "teleport");
        assertThat(unknown[2]).contains("Type 'help' for the commands.").doesNotContain("Run 'bazaar");
        // the command line keeps its hint
        assertThat(run(false, "order", "place", "--seller", "ACME")[2])
                .contains("Run 'bazaar order place --help' for usage.");
    }

    @Test
    void theConsolesLineReaderIsNamedBazaar() throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(false).dumb(true).type(Terminal.TYPE_DUMB)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build()) {
            var reader = ConsoleApplication.lineReader(terminal, new DefaultParser(), (r, line, candidates) -> { },
                    null, new DefaultHistory(), home.resolve("history"));
            assertThat(reader.getAppName()).isEqualTo("bazaar").doesNotContain("Spring");
            assertThat(reader.getVariable(org.jline.reader.LineReader.HISTORY_FILE)).isEqualTo(home.resolve("history"));
        }
    }
}
