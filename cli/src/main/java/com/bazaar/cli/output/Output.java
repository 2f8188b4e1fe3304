package com.bazaar.cli.output;

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
 * Prints records (ordered maps) as an aligned table or as JSON. Values: text, numbers, booleans, instants
 * (ISO-8601 UTC), optionals (empty prints as blank / null) and lists.
 */
public final class Output {

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
            out.println(String.join(",", columns));
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
        cells.add(columns.stream().map(c -> c.toUpperCase().replace('_', ' ')).toList());
        for (Map<String, Object> row : rows) {
            cells.add(columns.stream().map(c -> text(row.get(c))).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                b.append(line.get(i));
                if (i < line.size() - 1) {
                    b.append(" ".repeat(widths[i] - line.get(i).length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
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
        int width = record.keySet().stream().mapToInt(String::length).max().orElse(0);
        record.forEach((k, v) -> out.println((k.replace('_', ' ') + ":").concat(" ".repeat(width - k.length() + 1))
                + text(v)));
    }

    /** A line for people; suppressed in JSON and CSV mode so the output stays one parseable document. */
    public void message(String line) {
        if (!json && !csv) {
            out.println(line);
        }
    }

    /** Any value as JSON (for composite results in JSON mode). */
    public void jsonValue(Object value) {
        out.println(toJson(plainValue(value)));
    }

    private static String csvCell(String v) {
        String s = !v.isEmpty() && "=+@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
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
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(value);
    }
}
