package com.bazaar.batch.catalog;

import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.application.CatalogLines;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a catalog record into a {@link CatalogLine} or the list of everything wrong with it. The file's shape (the
 * row is readable, has the header's width) and its attribute syntax are checked here; every rule of the row itself is
 * the domain's ({@link CatalogLines}, the same rules {@code product create} obeys), never a second copy of them.
 */
public final class CatalogRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CatalogHeader header;
    private final SellerId seller;
    private final CurrencyCode currency;

    public CatalogRows(CatalogHeader header, SellerId seller, CurrencyCode currency) {
        this.header = header;
        this.seller = seller;
        this.currency = currency;
    }

    /** A checked row: either its line or its errors. */
    public sealed interface Checked permits Accepted, Rejected {
        long row();
    }

    /** An accepted row, with its columns as the seller wrote them (kept for a later relational rejection). */
    public record Accepted(long row, CatalogLine line, List<String> original) implements Checked {
    }

    /** A rejected row with every problem, and its columns as the seller wrote them (for the error report). */
    public record Rejected(long row, List<RowError> errors, List<String> original) implements Checked {
    }

    public Checked check(CsvRecord record) {
        long row = record.row();
        List<RowError> errors = new ArrayList<>();
        if (!record.readable()) {
            errors.add(new RowError(row, "", "ROW_UNREADABLE", record.problem(), ""));
            return new Rejected(row, errors, record.fields());
        }
        List<String> f = record.fields();
        if (f.size() != header.width()) {
            errors.add(new RowError(row, "", "COLUMN_COUNT", "the row has " + f.size() + " columns, the header has "
                    + header.width() + " (a separator inside a value must be quoted)", ""));
            return new Rejected(row, errors, record.fields());
        }
        var cells = new CatalogLines.Cells(header.value(f, "sku"), header.value(f, "title"),
                header.value(f, "description"), header.value(f, "category"), header.value(f, "price"),
                header.value(f, "currency"), header.value(f, "quantity"), header.value(f, "status"),
                header.value(f, "attributes"));
        var checked = CatalogLines.check(row, seller, currency, cells, CatalogRows::attributes);
        if (checked instanceof CatalogLines.Accepted accepted) {
            return new Accepted(row, accepted.line(), record.fields());
        }
        return new Rejected(row, ((CatalogLines.Rejected) checked).errors(), record.fields());
    }

    /** A JSON object ({@code {"color":"red"}}) or {@code key=value;key=value}. */
    static Attributes attributes(String raw) {
        String a = raw.strip();
        Map<String, String> values = new LinkedHashMap<>();
        if (a.startsWith("{")) {
            JsonNode node;
            try {
                node = JSON.readTree(a);
            } catch (JacksonException e) {
                throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "attributes are not valid JSON: "
                        + e.getOriginalMessage());
            }
            for (var field : node.properties()) {
                if (field.getValue().isContainer()) {
                    throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "attribute " + field.getKey()
                            + " must be a text, number or boolean");
                }
                values.put(field.getKey(), field.getValue().asString());
            }
        } else {
            for (String pair : a.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "attributes are a JSON object or"
                            + " key=value;key=value (got '" + pair.strip() + "')");
                }
                values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return new Attributes(values);
    }
}
