package com.bazaar.cli.output;

import com.bazaar.domain.shared.CsvCells;
import com.bazaar.domain.shared.UrlCredentials;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import org.snakeyaml.engine.v2.api.DumpSettings;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints records (ordered maps) as an aligned table, as JSON, YAML or CSV. Values: text, numbers, booleans, instants
 * (RFC 3339 UTC), optionals (empty prints as blank / null), lists, nested maps, JSON trees and {@link Shown} values.
 * JSON and YAML get the structure (docs/cli-json.md); a table or CSV cell shows a nested value on one line: a
 * {@link Shown} value's text, else compact JSON for a map or tree, a list's items joined by commas. Every value is
 * untrusted text here and is rendered for where it goes ({@link TerminalText}):
 * <ul>
 *   <li>table and record lines, and messages: every terminal-unsafe character escaped visibly, newlines and tabs
 *       too (a cell is one line);</li>
 *   <li>JSON: exact (a parser reads back the stored string), with C0, DEL, C1, bidirectional and invisible format
 *       characters written as <code>&#92;uXXXX</code> escapes ({@link JsonEscapes});</li>
 *   <li>YAML: exact too, every character outside printable ASCII written as an escape in a double-quoted scalar (the
 *       YAML writer would write bidirectional and invisible characters raw otherwise);</li>
 *   <li>CSV: newlines and tabs stay inside quoted cells (valid CSV, one cell), every other unsafe character is escaped
 *       visibly, and cells a spreadsheet would run as formulas are neutralised ({@link CsvCells}).</li>
 * </ul>
 */
public final class Output {

    private static final JsonFactory ESCAPING = JsonFactory.builder().characterEscapes(JsonEscapes.INSTANCE).build();
    private static final JsonMapper JSON = JsonMapper.builder(ESCAPING).enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final JsonMapper COMPACT = JsonMapper.builder(ESCAPING).build();
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .dumperOptions(DumpSettings.builder().setUseUnicodeEncoding(false).build()).build());

    /** The formats {@code --output} takes. */
    public static final List<String> FORMATS = List.of("table", "json", "yaml", "csv");

    /**
     * A value shown two ways: {@code data} in JSON and YAML (a map, a list, a number...), {@code text} in a table or
     * CSV cell (e.g. a payment as {@code {"id": 5001, "status": "AUTHORIZED"}} and as {@code 5001 AUTHORIZED}).
     */
    public record Shown(Object data, String text) {
    }

    public static Shown shown(Object data, String text) {
        return new Shown(data, text);
    }

    private final PrintWriter out;
    private final boolean json;
    private final boolean yaml;
    private final boolean csv;
    private final boolean html;

    public Output(PrintWriter out, String format) {
        this.out = out;
        this.yaml = "yaml".equals(format);
        this.json = "json".equals(format) || yaml;
        this.csv = "csv".equals(format);
        this.html = HTML.equals(format);
    }

    /** {@code --output html}: one page, which only {@code recon report} writes (as {@link #page}). */
    public static final String HTML = "html";

    public boolean html() {
        return html;
    }

    /** A whole HTML page, as written by the command that offers {@code --output html}. */
    public void page(String html) {
        out.print(html);
        out.flush();
    }

    private void refuseHtml() {
        if (html) {
            throw new com.bazaar.cli.CommandFailure(com.bazaar.cli.ExitCode.USAGE, "--output html is for 'bazaar recon"
                    + " report' only; this command prints table, json, yaml or csv");
        }
    }

    public boolean csv() {
        return csv;
    }

    /** Whether the output is one structured document: JSON, or YAML (the same data, {@code --output yaml}). */
    public boolean json() {
        return json;
    }

    /** Whether the output is for people: tables and "key: value" records. */
    public boolean table() {
        return !json && !csv && !html;
    }

    /**
     * Stored JSON text (an audit record's before and after) as a tree, so JSON output nests it as data; text that is
     * not JSON stays text.
     */
    public static Object jsonText(String text) {
        if (text == null) {
            return null;
        }
        try {
            return COMPACT.readTree(text);
        } catch (JacksonException e) {
            return text;
        }
    }

    /** A list of records: a table with one row each, or a JSON array. */
    public void list(List<Map<String, Object>> rows, List<String> columns) {
        refuseHtml();
        if (json) {
            out.println(toJson(rows.stream().map(Output::plain).toList()));
            return;
        }
        if (csv) {
            out.println(String.join(",", columns.stream().map(Output::csvCell).toList()));
            for (Map<String, Object> row : rows) {
                out.println(String.join(",", columns.stream().map(c -> csvCell(text(row.get(c)))).toList()));
            }
            return;
        }
        if (rows.isEmpty()) {
            out.println("(none)");
            return;
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(header(columns));
        for (Map<String, Object> row : rows) {
            cells.add(cells(row, columns));
        }
        int[] widths = new int[columns.size()];
        widen(widths, cells);
        cells.forEach(line -> out.println(tableLine(line, widths)));
    }

    private static List<String> header(List<String> columns) {
        return columns.stream().map(c -> TerminalText.line(c.toUpperCase().replace('_', ' '))).toList();
    }

    private static List<String> cells(Map<String, Object> row, List<String> columns) {
        return columns.stream().map(c -> TerminalText.line(text(row.get(c)))).toList();
    }

    private static void widen(int[] widths, List<List<String>> lines) {
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], DisplayWidth.of(line.get(i)));
            }
        }
    }

    private static String tableLine(List<String> line, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.size(); i++) {
            b.append(line.get(i));
            if (i < line.size() - 1) {
                b.append(" ".repeat(widths[i] - DisplayWidth.of(line.get(i)) + 2)); // columns, not chars
            }
        }
        return b.toString().stripTrailing();
    }

    /**
     * The pages of one list, written as they come so a list of any length takes the memory of one page: a table (the
     * header once; each column as wide as the widest cell so far, so a later page may widen a column but never
     * narrows it), CSV rows under one header, or one JSON object <code>{"items": [...], "next": KEY or null,
     * "total": N or null}</code> written incrementally. Call {@link Pages#write} per page, then {@link Pages#end}.
     */
    public Pages pages(List<String> columns) {
        refuseHtml();
        return new Pages(columns);
    }

    /** See {@link #pages}. */
    public final class Pages {
        private final List<String> columns;
        private final int[] widths;
        private long rows;

        private Pages(List<String> columns) {
            this.columns = columns;
            this.widths = new int[columns.size()];
        }

        public void write(List<Map<String, Object>> page) {
            if (rows == 0) {
                begin();
            }
            if (yaml) {
                for (Map<String, Object> row : page) {
                    out.println((rows++ == 0 ? "items:\n" : "") + yamlBody(List.of(plain(row))));
                }
            } else if (json) {
                for (Map<String, Object> row : page) {
                    out.print((rows++ == 0 ? "\n    " : ",\n    ") + toJson(plain(row)).replace("\n", "\n    "));
                }
            } else if (csv) {
                for (Map<String, Object> row : page) {
                    out.println(String.join(",", columns.stream().map(c -> csvCell(text(row.get(c)))).toList()));
                    rows++;
                }
            } else if (!page.isEmpty()) {
                List<List<String>> lines = page.stream().map(row -> cells(row, columns)).toList();
                if (rows == 0) {
                    List<String> header = header(columns);
                    widen(widths, List.of(header));
                    widen(widths, lines);
                    out.println(tableLine(header, widths));
                } else {
                    widen(widths, lines);
                }
                lines.forEach(line -> out.println(tableLine(line, widths)));
                rows += page.size();
            }
            out.flush();
        }

        /** Ends the list: {@code next} is the cursor of the page after the last one written, if any. */
        public void end(Optional<String> next, java.util.OptionalLong total) {
            if (rows == 0) {
                begin();
            }
            if (yaml) {
                Map<String, Object> rest = new LinkedHashMap<>();
                rest.put("next", next.orElse(null));
                rest.put("total", total.isPresent() ? total.getAsLong() : null);
                out.println((rows == 0 ? "items: []\n" : "") + yamlBody(rest));
            } else if (json) {
                out.println((rows == 0 ? " ]" : "\n  ]") + ",\n  \"next\" : " + toJson(next.orElse(null))
                        + ",\n  \"total\" : " + (total.isPresent() ? total.getAsLong() : "null") + "\n}");
            } else if (!csv && rows == 0) {
                out.println("(none)");
            }
            out.flush();
        }

        private boolean begun;

        private void begin() {
            if (begun) {
                return;
            }
            begun = true;
            if (yaml) {
                return; // "items:" comes with the first row, or "items: []" at the end
            }
            if (json) {
                out.print("{\n  \"items\" : [");
            } else if (csv) {
                out.println(String.join(",", columns.stream().map(Output::csvCell).toList()));
            }
        }
    }

    /** One record: "key: value" lines, or a JSON object. */
    public void record(Map<String, Object> record) {
        refuseHtml();
        if (json) {
            out.println(toJson(plain(record)));
            return;
        }
        if (csv) {
            out.println("key,value");
            record.forEach((k, v) -> out.println(csvCell(k) + "," + csvCell(text(v))));
            return;
        }
        int width = record.keySet().stream().mapToInt(k -> DisplayWidth.of(TerminalText.line(k))).max().orElse(0);
        record.forEach((k, v) -> {
            String key = TerminalText.line(k);
            out.println((key.replace('_', ' ') + ":").concat(" ".repeat(width - DisplayWidth.of(key) + 1))
                    + TerminalText.line(text(v)));
        });
    }

    /**
     * A titled block of lines for people, after a record ({@code changes:} then one indented line each); only in table
     * mode, and nothing when there are no lines.
     */
    public void block(String title, List<String> lines) {
        if (table() && !lines.isEmpty()) {
            out.println(TerminalText.line(title) + ":");
            lines.forEach(l -> out.println("  " + TerminalText.line(l)));
        }
    }

    /**
     * A line for people, on one line whatever values it quotes; suppressed in JSON and CSV mode so the output stays
     * one parseable document.
     */
    public void message(String line) {
        if (!json && !csv && !html) {
            out.println(TerminalText.line(line));
        }
    }

    /**
     * {@code error: SENTENCE} on the error writer: one line, terminal-unsafe characters escaped, credentials in URLs
     * masked. Every error sentence of the command line goes through here.
     */
    public static void error(PrintWriter err, String sentence) {
        diagnostic(err, "error", sentence);
    }

    /** {@code KIND: SENTENCE} (a note, a warning) on the error writer, rendered as {@link #error}. */
    public static void diagnostic(PrintWriter err, String kind, String sentence) {
        err.println(kind + ": " + TerminalText.line(UrlCredentials.redact(sentence)));
    }

    /** Any value as JSON (for composite results in JSON mode). */
    public void jsonValue(Object value) {
        refuseHtml();
        out.println(toJson(plainValue(value)));
    }

    private static String csvCell(String v) {
        return CsvCells.cell(TerminalText.text(v));
    }

    private static String text(Object value) {
        if (value instanceof Shown s) {
            return s.text() == null ? "" : s.text();
        }
        if (value instanceof Optional<?> o) {
            return o.map(Output::text).orElse("");
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(Output::text).toList());
        }
        Object plain = plainValue(value);
        if (plain == null) {
            return "";
        }
        if (plain instanceof Map<?, ?> || plain instanceof JsonNode) {
            return COMPACT.writeValueAsString(plain);
        }
        return String.valueOf(plain);
    }

    private static Map<String, Object> plain(Map<String, Object> record) {
        Map<String, Object> copy = new LinkedHashMap<>();
        record.forEach((k, v) -> copy.put(k, plainValue(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(Object value) {
        if (value instanceof Optional<?> o) {
            return o.map(Output::plainValue).orElse(null);
        }
        if (value instanceof Shown s) {
            return plainValue(s.data());
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof Map<?, ?> m) {
            return plain((Map<String, Object>) m);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(Output::plainValue).toList();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }

    /** A value as YAML without the document start marker: a part of the one document a paged list writes. */
    private static String yamlBody(Object value) {
        String text = YAML.writeValueAsString(value).stripTrailing();
        return text.startsWith("---\n") ? text.substring(4) : text;
    }

    private String toJson(Object value) {
        ObjectMapper mapper = yaml ? YAML : JSON;
        return mapper.writeValueAsString(value).stripTrailing();
    }
}
