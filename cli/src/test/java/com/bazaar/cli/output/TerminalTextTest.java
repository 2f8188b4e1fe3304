package com.bazaar.cli.output;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.bazaar.cli.metrics.HealthChecks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, items 2 and 3, at the output layer: the one rule for terminal text, the guarded writers, every output
 * format of {@link Output}, error sentences, and both log formats (control characters escaped, URL credentials masked).
 */
class TerminalTextTest {

    static final String HOSTILE = "a\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eb\rc\td\ne\u2028f\u2066g\u200bh\ufeffi"
            + "\u0085j\u007fk\u0000l";
    /** Format characters that stay: needed by scripts and emoji, or visible signs; none can move the cursor. */
    static final Set<Integer> KEPT = Set.of(0x00AD, 0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F,
            0x0890, 0x0891, 0x08E2, 0x200C, 0x200D);

    @Test
    void everyControlBidiSeparatorAndInvisibleFormatCharacterIsUnsafeExceptTheDocumentedOnes() {
        for (int c = 0; c <= 0xFFFF; c++) {
            int type = Character.getType(c);
            boolean special = type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if (special && !KEPT.contains(c)) {
                assertThat(TerminalText.unsafe((char) c)).as("U+%04X", c).isTrue();
            }
            if (!special && TerminalText.unsafe((char) c)) {
                assertThat(c).as("U+%04X is unsafe but not a control/format character", c).isBetween(0x2060, 0x206F);
            }
        }
        for (int c : new int[]{0x1b, 0x07, 0x0d, 0x09, 0x0a, 0x7f, 0x80, 0x85, 0x9b, 0x9d, 0x061c, 0x200b, 0x200e,
                0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff}) {
            assertThat(TerminalText.unsafe((char) c)).as("U+%04X", c).isTrue();
        }
        for (char c : "aZ09 ~é中ßЖ\u00a0\u200c\u200d".toCharArray()) {
            assertThat(TerminalText.unsafe(c)).as("U+%04X", (int) c).isFalse();
        }
    }

    @Test
    void aLineShowsEveryUnsafeCharacterAsAVisibleEscape() {
        assertThat(TerminalText.line(HOSTILE)).isEqualTo("a\\x1b[2J\\x1b]0;pwned\\x07\\u009b31m\\u202eb\\rc\\td\\ne"
                + "\\u2028f\\u2066g\\u200bh\\ufeffi\\u0085j\\x7fk\\x00l");
        assertThat(TerminalText.text("one\ttwo\nthree\rfour")).isEqualTo("one\ttwo\nthree\\rfour");
        assertThat(TerminalText.line("Blue mug, 12 oz \u2014 caf\u00e9 \uD83D\uDC68\u200D\uD83D\uDC69")).isEqualTo(
                "Blue mug, 12 oz \u2014 caf\u00e9 \uD83D\uDC68\u200D\uD83D\uDC69");
    }

    @Test
    void theGuardedWriterPassesOurNewlinesAndTabsAndEscapesTheRest() {
        StringWriter raw = new StringWriter();
        PrintWriter guarded = TerminalText.guard(new PrintWriter(raw));
        guarded.println("error: " + HOSTILE);
        guarded.print('\u001b');
        guarded.write("x\u202ey".toCharArray(), 1, 1);
        guarded.printf("%s%n", "\u009b");
        guarded.flush();
        assertThat(raw.toString()).isEqualTo("error: a\\x1b[2J\\x1b]0;pwned\\x07\\u009b31m\\u202eb\\rc\td\ne"
                + "\\u2028f\\u2066g\\u200bh\\ufeffi\\u0085j\\x7fk\\x00l" + System.lineSeparator() + "\\x1b\\u202e\\u009b"
                + System.lineSeparator());
        assertThat(TerminalText.guard(guarded)).as("guarding twice escapes once").isSameAs(guarded);
        assertThat(TerminalText.unguarded(guarded)).isNotSameAs(guarded);
    }

    private static Map<String, Object> row(Object description) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", "MUG");
        row.put("description", description);
        return row;
    }

    private static String print(String format, java.util.function.Consumer<Output> printing) {
        StringWriter out = new StringWriter();
        printing.accept(new Output(new PrintWriter(out), format));
        return out.toString();
    }

    @Test
    void aTableCellOrARecordValueIsOneLineWithVisibleEscapes() {
        String table = print("table", o -> o.list(List.of(row(HOSTILE), row("plain")), List.of("sku", "description")));
        assertThat(table.lines()).hasSize(3);
        assertThat(table).contains("\\x1b[2J").contains("\\u202e").contains("\\n").contains("\\t");
        String record = print("table", o -> o.record(row(HOSTILE)));
        assertThat(record.lines()).hasSize(2);
        String message = print("table", o -> o.message("Created " + HOSTILE));
        assertThat(message.lines()).hasSize(1);
        for (String text : List.of(table, record, message)) {
            assertThat(text.chars().filter(c -> c != '\n' && TerminalText.unsafe((char) c))).as(text).isEmpty();
        }
    }

    @Test
    void jsonIsExactAndCarriesNoRawUnsafeCharacter() {
        String json = print("json", o -> o.list(List.of(row(HOSTILE)), List.of("sku", "description")));
        assertThat(json.chars().filter(c -> c != '\n' && TerminalText.unsafe((char) c))).as(json).isEmpty();
        JsonNode parsed = JsonMapper.builder().build().readTree(json);
        assertThat(parsed.get(0).get("description").asString()).isEqualTo(HOSTILE);
        assertThat(json).contains("\\u202E").contains("\\u009B").contains("\\u007F").contains("\\u2028");
        String record = print("json", o -> o.record(row(Map.of("nested", HOSTILE))));
        assertThat(JsonMapper.builder().build().readTree(record).get("description").get("nested").asString())
                .isEqualTo(HOSTILE);
    }

    @Test
    void nestedValuesAreDataInJsonAndOneReadableCellInATable() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("payment", Output.shown(Map.of("id", 5001L, "status", "AUTHORIZED"), "5001 AUTHORIZED"));
        record.put("attributes", new java.util.TreeMap<>(Map.of("color", "red" + HOSTILE, "oz", "12")));
        record.put("after", Output.jsonText("{\"title\":\"Mug\",\"price\":\"12.99\"}"));
        record.put("applied", false);
        JsonNode json = JsonMapper.builder().build().readTree(print("json", o -> o.record(record)));
        assertThat(json.get("payment").get("id").asLong()).isEqualTo(5001);
        assertThat(json.get("attributes").get("color").asString()).isEqualTo("red" + HOSTILE);
        assertThat(json.get("after").get("price").asString()).isEqualTo("12.99");
        assertThat(json.get("applied").isBoolean()).isTrue();
        String table = print("table", o -> o.record(record));
        assertThat(table).contains("payment:    5001 AUTHORIZED").contains("attributes: {\"color\":\"red")
                .contains("after:      {\"title\":\"Mug\",\"price\":\"12.99\"}").doesNotContain("{color=");
        assertThat(table.lines()).hasSize(4);
        assertThat(table.chars().filter(c -> c != '\n' && TerminalText.unsafe((char) c))).as(table).isEmpty();
        assertThat(Output.jsonText("not json")).as("stored text that is not JSON stays text").isEqualTo("not json");
    }

    @Test
    void yamlIsTheSameDataAndCarriesNoRawUnsafeCharacter() throws Exception {
        Map<String, Object> record = new LinkedHashMap<>(row(HOSTILE + "\u0085\u200e\u061c"));
        record.put("lines", List.of(Map.of("sku", "MUG", "quantity", 2L)));
        record.put("total", "12.99");
        String yaml = print("yaml", o -> o.record(record));
        assertThat(yaml.chars().filter(c -> c != '\n' && TerminalText.unsafe((char) c))).as(yaml).isEmpty();
        String json = print("json", o -> o.record(record));
        assertThat(new tools.jackson.dataformat.yaml.YAMLMapper().readTree(yaml))
                .isEqualTo(JsonMapper.builder().build().readTree(json));
        assertThat(print("yaml", o -> o.message("for people"))).as("no sentence in a document").isEmpty();
    }

    @Test
    void csvKeepsLineBreaksAndTabsInQuotedCellsAndNeutralisesFormulas() {
        String csv = print("csv", o -> o.list(List.of(row("two\nlines\tand " + "\u001b[2J\u202e\r"), row("-cmd|' /C calc'!A0"),
                row("\t=1+1"), row("=HYPERLINK(\"http://evil\")"), row("-12.50"), row("@SUM(A1)")),
                List.of("sku", "description")));
        assertThat(csv).startsWith("sku,description\n")
                .contains("MUG,\"two\nlines\tand \\x1b[2J\\u202e\\r\"\n")
                .contains("MUG,'-cmd|' /C calc'!A0\n")
                .contains("MUG,'\t=1+1\n")
                .contains("MUG,\"'=HYPERLINK(\"\"http://evil\"\")\"\n")
                .contains("MUG,-12.50\n")
                .contains("MUG,'@SUM(A1)\n");
        String record = print("csv", o -> o.record(row("+1+1")));
        assertThat(record).contains("description,'+1+1");
    }

    @Test
    void anErrorSentenceIsOneLineWithItsUrlCredentialsMasked() {
        StringWriter err = new StringWriter();
        Output.error(new PrintWriter(err), "cannot connect to PostgreSQL at jdbc:postgresql://db/x?password=s3cret:"
                + " refused\n" + HOSTILE);
        assertThat(err.toString()).startsWith("error: cannot connect to PostgreSQL at jdbc:postgresql://db/x?password=****:"
                + " refused\\na\\x1b[2J").doesNotContain("s3cret");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void healthDetailsMaskUrlCredentials() {
        var check = new HealthChecks.Check("database", false, "unreachable: No suitable driver found for"
                + " jdbc:postgresql://u:pw@h:x/db?password=s3cret");
        assertThat(check.detail()).isEqualTo("unreachable: No suitable driver found for"
                + " jdbc:postgresql://u:****@h:x/db?password=****");
    }

    /** Logs the message through a logback configuration of the jar and returns what reached stderr. */
    private static String logged(String configuration, String message, Throwable failure) throws Exception {
        LoggerContext logs = new LoggerContext();
        logs.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logs);
        configurator.doConfigure(TerminalTextTest.class.getResource("/" + configuration));
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            logs.getLogger("com.bazaar.Test").warn(message, failure);
        } finally {
            System.setErr(stderr);
            logs.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonLogLineIsExactJsonWithUrlCredentialsMasked() throws Exception {
        String url = "jdbc:postgresql://bazaar:pw1@db/x?user=u&password=s3cret";
        String line = logged("logback-json.xml", "cannot connect to " + url + " for " + HOSTILE,
                new IllegalStateException("No suitable driver found for " + url));
        assertThat(line).doesNotContain("s3cret").doesNotContain("pw1");
        assertThat(line.chars().filter(c -> c != '\n' && TerminalText.unsafe((char) c))).as(line).isEmpty();
        JsonNode parsed = JsonMapper.builder().build().readTree(line);
        assertThat(parsed.get("message").asString()).isEqualTo("cannot connect to jdbc:postgresql://bazaar:****@db/x"
                + "?user=u&password=**** for " + HOSTILE);
        assertThat(parsed.get("stack_trace").asString()).contains("password=****");
    }

    @Test
    void aTextLogLineEscapesControlsAndMasksUrlCredentials() throws Exception {
        String lines = logged("logback.xml", "cannot connect to jdbc:postgresql://db/x?password=s3cret " + HOSTILE,
                new IllegalStateException("at jdbc:postgresql://u:pw1@db/x\u001b]0;t\u0007"));
        assertThat(lines).startsWith("WARN Test: cannot connect to jdbc:postgresql://db/x?password=**** a\\x1b[2J")
                .contains("IllegalStateException: at jdbc:postgresql://u:****@db/x\\x1b]0;t\\x07")
                .doesNotContain("s3cret").doesNotContain("pw1");
        assertThat(lines.chars().filter(c -> c != '\n' && c != '\t' && TerminalText.unsafe((char) c))).isEmpty();
    }
}
