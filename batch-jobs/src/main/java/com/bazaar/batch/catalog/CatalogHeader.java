package com.bazaar.batch.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The header row of a catalog file in Bazaar's own format ({@link CatalogFormat#BAZAAR}): which column holds what.
 * Column names are case-insensitive and may come in any order. Problems with the header are file-level: every unknown
 * column is named once (not once per row). The five columns of an error report ({@code row, column, code, message,
 * value}) are recognised and ignored, so a fixed report can be uploaded again as it is.
 */
public final class CatalogHeader {

    public static final List<String> COLUMNS = List.of("sku", "title", "description", "category", "price", "currency",
            "quantity", "status", "attributes");
    public static final List<String> REQUIRED = List.of("sku", "title", "price");
    public static final List<String> REPORT_COLUMNS = com.bazaar.batch.support.ErrorReport.COLUMNS;

    private final Map<String, Integer> index;
    private final List<String> names;

    private CatalogHeader(Map<String, Integer> index, List<String> names) {
        this.index = index;
        this.names = names;
    }

    /** The header, or the file-level problems that make the file unreadable as a catalog. */
    public sealed interface Result permits Readable, Unreadable {
    }

    public record Readable(CatalogHeader header) implements Result {
    }

    public record Unreadable(List<String> problems) implements Result {
    }

    /** The problem of a header that is one column holding ';': a semicolon-separated file, in any format. */
    static Optional<String> semicolons(List<String> fields) {
        if (fields.size() == 1 && fields.get(0).contains(";")) {
            return Optional.of("the header has one column holding ';' - the file looks semicolon-separated (a"
                    + " spreadsheet saved with a European locale); save it as comma-separated CSV (\"CSV UTF-8\")");
        }
        return Optional.empty();
    }

    public static Result parse(List<String> fields) {
        List<String> problems = new ArrayList<>();
        Optional<String> semicolons = semicolons(fields);
        if (semicolons.isPresent()) {
            problems.add(semicolons.get());
            return new Unreadable(problems);
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).strip().toLowerCase(Locale.ROOT);
            names.add(fields.get(i).strip());
            if (REPORT_COLUMNS.contains(name)) {
                continue;
            }
            if (!COLUMNS.contains(name)) {
                unknown.add(fields.get(i).strip().isEmpty() ? "(empty name in column " + (i + 1) + ")" : fields.get(i).strip());
            } else if (index.putIfAbsent(name, i) != null) {
                problems.add("column '" + name + "' appears twice");
            }
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown column" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (known: " + String.join(", ", COLUMNS) + ")");
        }
        for (String required : REQUIRED) {
            if (!index.containsKey(required)) {
                problems.add("required column '" + required + "' is missing");
            }
        }
        return problems.isEmpty() ? new Readable(new CatalogHeader(index, List.copyOf(names))) : new Unreadable(problems);
    }

    /** The value of a column in a record, if the file has that column (empty text counts as absent). */
    public Optional<String> value(List<String> fields, String column) {
        Integer i = index.get(column);
        if (i == null || i >= fields.size()) {
            return Optional.empty();
        }
        return Optional.of(fields.get(i)).filter(v -> !v.isBlank());
    }

    public boolean has(String column) {
        return index.containsKey(column);
    }

    /** The header as the seller wrote it, for the error report. */
    public List<String> names() {
        return names;
    }

    public int width() {
        return names.size();
    }
}
