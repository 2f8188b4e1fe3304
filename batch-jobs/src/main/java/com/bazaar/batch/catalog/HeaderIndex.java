package com.bazaar.batch.catalog;

import com.bazaar.batch.support.ErrorReport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header of a file in a platform's export format (Shopify, Magento): where each column is, found by its name
 * case-insensitively; columns the format does not read are allowed (exports carry many), and the five columns of an
 * error report are left out, so a fixed report can be uploaded again as it is.
 */
final class HeaderIndex {

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names;
    private final List<String> twice = new ArrayList<>();

    HeaderIndex(List<String> header) {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            written.add(name);
            String key = key(name);
            if (!ErrorReport.COLUMNS.contains(key) && index.putIfAbsent(key, i) != null) {
                twice.add(name);
            }
        }
        this.names = List.copyOf(written);
    }

    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    /** The cell of a column in a row, stripped; empty when the file has no such column. */
    String cell(List<String> fields, String column) {
        Integer i = index.get(column);
        return i == null || i >= fields.size() ? "" : fields.get(i).strip();
    }

    /** Sets a column's cell in a copy of a row (a forward-filled value); nothing when the file has no such column. */
    void fill(List<String> fields, String column, String value) {
        Integer i = index.get(column);
        if (i != null && i < fields.size()) {
            fields.set(i, value);
        }
    }

    /** A column's name as the file writes it ({@code Variant Price}), or {@code fallback} when it has none. */
    String written(String column, String fallback) {
        Integer i = index.get(column);
        return i == null ? fallback : names.get(i);
    }

    List<String> names() {
        return names;
    }

    /** The file-level problems: a column the format reads given twice, a required column missing. */
    List<String> problems(Collection<String> read, Collection<String> required, Map<String, String> spelled) {
        List<String> problems = new ArrayList<>();
        for (String name : twice) {
            if (read.contains(key(name))) {
                problems.add("column '" + name + "' appears twice");
            }
        }
        for (String column : required) {
            if (!has(column)) {
                problems.add("required column '" + spelled.getOrDefault(column, column) + "' is missing");
            }
        }
        return problems;
    }
}
