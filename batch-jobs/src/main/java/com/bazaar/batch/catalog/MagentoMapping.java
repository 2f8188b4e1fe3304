package com.bazaar.batch.catalog;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.application.CatalogLines;
import com.bazaar.domain.shared.ValidationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static com.bazaar.batch.catalog.CatalogMapping.present;

/**
 * Magento 2's catalog product export (docs/formats/magento.md). A row with a {@code store_view_code} is the
 * translation of a product for one store view (the product's own row has none): skipped, neither a product nor a
 * duplicate. Only simple and virtual products import; a configurable parent, a bundle, a grouped or a downloadable
 * product is refused by this format ({@code UNSUPPORTED_PRODUCT_TYPE}): its sellable variations or items are simple
 * products on rows of their own, and those import. Each row stands alone: nothing is carried from row to row.
 */
final class MagentoMapping implements CatalogMapping {

    static final String SKU = "sku";
    static final String STORE_VIEW = "store_view_code";
    static final String ATTRIBUTE_SET = "attribute_set_code";
    static final String TYPE = "product_type";
    static final String CATEGORIES = "categories";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String SHORT_DESCRIPTION = "short_description";
    static final String ONLINE = "product_online";
    static final String PRICE = "price";
    static final String QTY = "qty";
    static final String ADDITIONAL = "additional_attributes";

    static final List<String> REQUIRED = List.of(SKU, NAME, PRICE, TYPE);
    static final List<String> READ = List.of(SKU, STORE_VIEW, TYPE, CATEGORIES, NAME, DESCRIPTION, SHORT_DESCRIPTION,
            ONLINE, PRICE, QTY, ADDITIONAL);
    static final Set<String> IMPORTED = Set.of("simple", "virtual");

    /** Whether a header is Magento's: {@code sku} with {@code product_type}, {@code store_view_code} or {@code attribute_set_code}. */
    static boolean recognises(Set<String> columns) {
        return columns.contains(SKU)
                && Stream.of(TYPE, STORE_VIEW, ATTRIBUTE_SET).anyMatch(columns::contains);
    }

    private final HeaderIndex header;

    MagentoMapping(HeaderIndex header) {
        this.header = header;
    }

    @Override
    public CatalogFormat format() {
        return CatalogFormat.MAGENTO;
    }

    @Override
    public List<String> names() {
        return header.names();
    }

    @Override
    public CatalogImports.Columns columns() {
        return new CatalogImports.Columns(header.has(DESCRIPTION) || header.has(SHORT_DESCRIPTION),
                header.has(CATEGORIES), header.has(ADDITIONAL), header.has(ONLINE), header.has(QTY));
    }

    @Override
    public Mapped map(long row, List<String> fields) {
        if (fields.stream().allMatch(String::isBlank) || !header.cell(fields, STORE_VIEW).isEmpty()) {
            return new Mapped.Skip();
        }
        String type = header.cell(fields, TYPE);
        if (!IMPORTED.contains(type.toLowerCase(Locale.ROOT))) {
            return new Mapped.Refused(List.of(new RowError(row, header.written(TYPE, TYPE), "UNSUPPORTED_PRODUCT_TYPE",
                    unsupported(type.toLowerCase(Locale.ROOT)), type)), fields);
        }
        List<RowError> errors = new ArrayList<>();
        String description = header.cell(fields, DESCRIPTION);
        if (description.isEmpty()) {
            description = header.cell(fields, SHORT_DESCRIPTION);
        }
        var cells = new CatalogLines.Cells(present(header.cell(fields, SKU)), present(header.cell(fields, NAME)),
                present(HtmlText.plain(description)), present(deepest(header.cell(fields, CATEGORIES))),
                present(withoutTrailingZeros(header.cell(fields, PRICE))), Optional.empty(),
                present(withoutTrailingZeros(header.cell(fields, QTY))), status(row, header.cell(fields, ONLINE), errors),
                present(header.cell(fields, ADDITIONAL)));
        return new Mapped.Row(cells, MagentoMapping::attributes, errors, List.of(), fields, false);
    }

    private static String unsupported(String type) {
        return switch (type) {
            case "configurable" -> "configurable products are not imported: Bazaar has no parent products; each of its"
                    + " variations (configurable_variations) is a simple product on a row of its own, and those import";
            case "bundle" -> "bundle products are not imported: Bazaar sells single SKUs; the bundle's items are simple"
                    + " products on rows of their own, and those import";
            case "grouped" -> "grouped products are not imported: Bazaar sells single SKUs; the group's products are"
                    + " simple products on rows of their own, and those import";
            case "downloadable" -> "downloadable products are not imported: Bazaar does not deliver files";
            case "" -> "the row has no product_type; only simple and virtual products import";
            default -> "product_type '" + type + "' is not imported: only simple and virtual products import";
        };
    }

    /** product_online: 1 (enabled) is ACTIVE, 0 (disabled) is DRAFT. */
    private static Optional<String> status(long row, String raw, List<RowError> errors) {
        return switch (raw) {
            case "" -> Optional.empty();
            case "1" -> Optional.of(ProductStatus.ACTIVE.name());
            case "0" -> Optional.of(ProductStatus.DRAFT.name());
            default -> {
                errors.add(new RowError(row, "status", "STATUS_INVALID", "product_online must be 1 (enabled) or 0"
                        + " (disabled) (got '" + raw + "')", raw));
                yield Optional.empty();
            }
        };
    }

    /**
     * The category of a product in several: the last segment of the deepest path ("Default Category/Gear/Bags" among
     * "Default Category/Gear/Bags,Default Category/Collections" is Bags); the first of equally deep paths.
     */
    static String deepest(String categories) {
        String best = "";
        int depth = 0;
        for (String path : categories.split(",")) {
            List<String> segments = Stream.of(path.split("/")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (segments.size() > depth) {
                depth = segments.size();
                best = segments.get(segments.size() - 1);
            }
        }
        return best;
    }

    /** Magento writes decimals with trailing zeros (qty 100.0000, price 34.000000): the same number without them. */
    static String withoutTrailingZeros(String raw) {
        int dot = raw.indexOf('.');
        if (dot < 1 || !raw.endsWith("0") || !digits(raw, 0, dot) || !digits(raw, dot + 1, raw.length())) {
            return raw;
        }
        int end = raw.length();
        while (raw.charAt(end - 1) == '0') {
            end--;
        }
        return raw.substring(0, raw.charAt(end - 1) == '.' ? end - 1 : end);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * additional_attributes: {@code code=value,code=value}; a piece without '=' belongs to the value before it (a comma
     * inside a value); a multiple-select value keeps Magento's '|' between its options.
     */
    static Attributes attributes(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        String key = null;
        for (String piece : raw.split(",")) {
            int eq = piece.indexOf('=');
            if (eq > 0) {
                key = piece.substring(0, eq).strip();
                values.put(key, piece.substring(eq + 1).strip());
            } else if (key != null) {
                values.put(key, values.get(key) + "," + piece);
            } else if (!piece.isBlank()) {
                throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "additional_attributes are"
                        + " code=value pairs separated by commas (got '" + piece.strip() + "')");
            }
        }
        return new Attributes(values);
    }

    @Override
    public String column(String domainColumn) {
        return switch (domainColumn) {
            case "sku" -> header.written(SKU, SKU);
            case "title" -> header.written(NAME, NAME);
            case "description" -> header.has(DESCRIPTION) ? header.written(DESCRIPTION, DESCRIPTION)
                    : header.written(SHORT_DESCRIPTION, SHORT_DESCRIPTION);
            case "category" -> header.written(CATEGORIES, CATEGORIES);
            case "price" -> header.written(PRICE, PRICE);
            case "quantity" -> header.written(QTY, QTY);
            case "status" -> header.written(ONLINE, ONLINE);
            case "attributes" -> header.written(ADDITIONAL, ADDITIONAL);
            default -> domainColumn;
        };
    }

}
