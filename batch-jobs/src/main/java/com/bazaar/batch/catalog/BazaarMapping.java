package com.bazaar.batch.catalog;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.application.CatalogLines;
import com.bazaar.domain.shared.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bazaar's own catalog format (docs/formats/catalog.md): its columns are the domain's, one row one product, nothing
 * carried from row to row.
 */
final class BazaarMapping implements CatalogMapping {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CatalogHeader header;

    BazaarMapping(CatalogHeader header) {
        this.header = header;
    }

    @Override
    public CatalogFormat format() {
        return CatalogFormat.BAZAAR;
    }

    @Override
    public List<String> names() {
        return header.names();
    }

    @Override
    public CatalogImports.Columns columns() {
        return new CatalogImports.Columns(header.has("description"), header.has("category"), header.has("attributes"),
                header.has("status"), header.has("quantity"));
    }

    @Override
    public Mapped map(long row, List<String> f) {
        var cells = new CatalogLines.Cells(header.value(f, "sku"), header.value(f, "title"),
                header.value(f, "description"), header.value(f, "category"), header.value(f, "price"),
                header.value(f, "currency"), header.value(f, "quantity"), header.value(f, "status"),
                header.value(f, "attributes"));
        return new Mapped.Row(cells, BazaarMapping::attributes, List.of(), List.of(), f, false);
    }

    @Override
    public String column(String domainColumn) {
        return domainColumn;
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
