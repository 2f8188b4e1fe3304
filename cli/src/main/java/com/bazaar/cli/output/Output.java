package com.bazaar.cli.output;

import com.bazaar.domain.shared.CsvCells;
import com.bazaar.domain.shared.UrlCredentials;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints records (ordered maps) as an aligned table, as JSON or as CSV. Values: text, numbers, booleans, instants
 * (ISO-8601 UTC), optionals (empty prints as blank / null) and lists. Every value is untrusted text here and is
 * rendered for where it goes ({@link TerminalText}):
 * <ul>
 *   <li>table and record lines, and messages: every terminal-unsafe character escaped visibly, newlines and tabs
 *       too (a cell is one line);</li>
 *   <li>JSON: exact (a parser reads back the stored string), with C0, DEL, C1, bidirectional and invisible format
 *       characters written as <code>&#92;uXXXX</code> escapes ({@link JsonEscapes});</li>
 *   <li>CSV: newlines and tabs stay inside quoted cells (valid CSV, one cell), every other unsafe character is escaped
 *       visibly, and cells a spreadsheet would run as formulas are neutralised ({@link CsvCells}).</li>
 * </ul>
 */
public final class Output {

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .characterEscapes(JsonEscapes.INSTANCE).build()).enable(SerializationFeature.INDENT_OUTPUT).build();

    private final PrintWriter out;
    private final boolean json;
    private final boolean csv;

    public Output(PrintWriter out, String format) {
        this.out = out;
        this.json = "json".equals(format);
        this.csv = "csv".equals(format);
    }

    public boolean csv() {
        return csv;
    }

    public boolean json() {
        return json;
    }

    /** A list of records: a table with one row each, or a JSON array. */
    public void list(List<Map<String, Object>> rows, List<String> columns) {
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
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
    }

    private static String tableLine(List<String> line, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.size(); i++) {
            b.append(line.get(i));
            if (i < line.size() - 1) {
                b.append(" ".repeat(widths[i] - line.get(i).length() + 2));
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
            if (json) {
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
            if (json) {
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
            if (json) {
                out.print("{\n  \"items\" : [");
            } else if (csv) {
                out.println(String.join(",", columns.stream().map(Output::csvCell).toList()));
            }
        }
    }

    /** One record: "key: value" lines, or a JSON object. */
    public void record(Map<String, Object> record) {
        if (json) {
            out.println(toJson(plain(record)));
            return;
        }
        if (csv) {
            out.println("key,value");
            record.forEach((k, v) -> out.println(csvCell(k) + "," + csvCell(text(v))));
            return;
        }
        int width = record.keySet().stream().mapToInt(k -> TerminalText.line(k).length()).max().orElse(0);
        record.forEach((k, v) -> {
            String key = TerminalText.line(k);
            out.println((key.replace('_', ' ') + ":").concat(" ".repeat(width - key.length() + 1))
                    + TerminalText.line(text(v)));
        });
    }

    /**
     * A line for people, on one line whatever values it quotes; suppressed in JSON and CSV mode so the output stays
     * one parseable document.
     */
    public void message(String line) {
        if (!json && !csv) {
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
        out.println(toJson(plainValue(value)));
    }

    private static String csvCell(String v) {
        return CsvCells.cell(TerminalText.text(v));
    }

    private static String text(Object value) {
        Object plain = plainValue(value);
        if (plain == null) {
            return "";
        }
        if (plain instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
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

    private static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }
}
