package com.bazaar.batch.catalog;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.application.CatalogLines;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.Hashing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.bazaar.batch.catalog.CatalogMapping.present;

/**
 * Shopify's product CSV (docs/formats/shopify.md). Rows come grouped by {@code Handle}: the product's own columns
 * (title, body, vendor, type, category, status, option names) are on the handle's first row and are forward-filled to
 * its other rows; each row with variant data is one Bazaar product (a variant is what a shopper buys: its own SKU,
 * price and stock), titled with the product's title and its option values; a later row of a handle without variant
 * data only carries an image and is skipped. The current handle's product is the mapping's {@link #state()}, saved with
 * every chunk, so a step restarted in the middle of a handle fills its rows as the first run would have.
 */
final class ShopifyMapping implements CatalogMapping {

    static final String HANDLE = "handle";
    static final String TITLE = "title";
    static final String BODY = "body (html)";
    static final String VENDOR = "vendor";
    static final String PRODUCT_CATEGORY = "product category";
    static final String TYPE = "type";
    static final String STATUS = "status";
    static final String SKU = "variant sku";
    static final String PRICE = "variant price";
    static final String QUANTITY = "variant inventory qty";
    static final String BARCODE = "variant barcode";
    static final List<String> OPTION_NAMES = List.of("option1 name", "option2 name", "option3 name");
    static final List<String> OPTION_VALUES = List.of("option1 value", "option2 value", "option3 value");

    /** The product's own columns: on a handle's first row, forward-filled to the handle's other rows. */
    static final List<String> PRODUCT = List.of(TITLE, BODY, VENDOR, TYPE, PRODUCT_CATEGORY, STATUS,
            OPTION_NAMES.get(0), OPTION_NAMES.get(1), OPTION_NAMES.get(2));

    /** A later row of a handle holding none of these is not a variant (Shopify writes extra images so). */
    static final List<String> VARIANT = List.of(OPTION_VALUES.get(0), OPTION_VALUES.get(1), OPTION_VALUES.get(2), SKU,
            PRICE, QUANTITY, BARCODE, "variant grams", "variant compare at price");

    static final List<String> REQUIRED = List.of(HANDLE, TITLE, PRICE);

    /** Shopify's spelling of the columns read, for messages. */
    static final Map<String, String> SPELLED = Stream.of("Handle", "Title", "Body (HTML)", "Vendor",
                    "Product Category", "Type", "Status", "Variant SKU", "Variant Price", "Variant Inventory Qty",
                    "Variant Barcode", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
                    "Option3 Value", "Variant Grams", "Variant Compare At Price")
            .collect(Collectors.toMap(HeaderIndex::key, n -> n));

    /** Whether a header is Shopify's: {@code Handle} with {@code Variant SKU} or {@code Title}. */
    static boolean recognises(Set<String> columns) {
        return columns.contains(HANDLE) && (columns.contains(SKU) || columns.contains(TITLE));
    }

    private final HeaderIndex header;
    private final boolean generateSku;
    private String handle;
    private Map<String, String> product = new HashMap<>();

    ShopifyMapping(HeaderIndex header, boolean generateSku) {
        this.header = header;
        this.generateSku = generateSku;
    }

    @Override
    public CatalogFormat format() {
        return CatalogFormat.SHOPIFY;
    }

    @Override
    public List<String> names() {
        return header.names();
    }

    @Override
    public CatalogImports.Columns columns() {
        boolean attributes = header.has(VENDOR) || header.has(BARCODE)
                || OPTION_VALUES.stream().anyMatch(header::has);
        return new CatalogImports.Columns(header.has(BODY), header.has(TYPE) || header.has(PRODUCT_CATEGORY),
                attributes, header.has(STATUS), header.has(QUANTITY));
    }

    @Override
    public Mapped map(long row, List<String> fields) {
        if (fields.stream().allMatch(String::isBlank)) {
            return new Mapped.Skip();
        }
        String rowHandle = header.cell(fields, HANDLE);
        if (rowHandle.isEmpty()) {
            return new Mapped.Refused(List.of(new RowError(row, spelled(HANDLE), "HANDLE_MISSING",
                    "the row names no Handle: every row of a Shopify product CSV names the product it belongs to",
                    "")), fields);
        }
        if (!rowHandle.equals(handle)) {
            handle = rowHandle;
            product = new HashMap<>();
            for (String column : PRODUCT) {
                String value = header.cell(fields, column);
                if (!value.isEmpty()) {
                    product.put(column, value);
                }
            }
        } else if (VARIANT.stream().allMatch(c -> header.cell(fields, c).isEmpty())) {
            return new Mapped.Skip();
        }
        // the row as the error report shows it: the product's columns filled in, so a fixed row imports on its own
        List<String> original = new ArrayList<>(fields);
        Map<String, String> filled = new HashMap<>();
        for (String column : PRODUCT) {
            String value = header.cell(fields, column);
            if (value.isEmpty()) {
                value = product.getOrDefault(column, "");
                header.fill(original, column, value);
            }
            filled.put(column, value);
        }

        List<RowError> errors = new ArrayList<>();
        List<RowError> warnings = new ArrayList<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        attribute(row, attributes, errors, "vendor", filled.get(VENDOR), VENDOR);
        List<String> optionValues = new ArrayList<>();
        for (int i = 0; i < OPTION_VALUES.size(); i++) {
            String value = header.cell(fields, OPTION_VALUES.get(i));
            String name = filled.get(OPTION_NAMES.get(i));
            // a product without options is written as its one option "Title" = "Default Title"
            if (value.isEmpty() || i == 0 && name.equalsIgnoreCase("Title") && value.equalsIgnoreCase("Default Title")) {
                continue;
            }
            optionValues.add(value);
            attribute(row, attributes, errors, attributeKey(name, i), value, OPTION_VALUES.get(i));
        }
        String barcode = header.cell(fields, BARCODE);
        if (CatalogLines.scientific(barcode)) {
            warnings.add(new RowError(row, spelled(BARCODE), "BARCODE_DAMAGED", "barcode '" + barcode + "' is in"
                    + " scientific notation: a spreadsheet dropped its digits, so it is not imported (format the column"
                    + " as text and export again)", barcode));
        } else {
            attribute(row, attributes, errors, "barcode", barcode, BARCODE);
        }

        String title = filled.get(TITLE);
        String sku = header.cell(fields, SKU);
        boolean generated = false;
        if (sku.isEmpty()) {
            if (generateSku) {
                sku = generatedSku(handle, optionValues);
                generated = true;
            } else {
                errors.add(new RowError(row, "sku", "SKU_MISSING", "the variant has no Variant SKU: give every"
                        + " variant a SKU, or run with --generate-sku to derive one from the Handle and option values",
                        ""));
            }
        }
        String type = filled.get(TYPE);
        var cells = new CatalogLines.Cells(present(sku),
                present(title.isEmpty() || optionValues.isEmpty() ? title
                        : title + " - " + String.join(" / ", optionValues)),
                present(HtmlText.plain(filled.get(BODY))),
                present(type.isEmpty() ? deepest(filled.get(PRODUCT_CATEGORY)) : type),
                present(header.cell(fields, PRICE)), Optional.empty(), present(header.cell(fields, QUANTITY)),
                status(row, filled.get(STATUS), errors),
                attributes.isEmpty() ? Optional.empty() : Optional.of(attributes.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
        Map<String, String> checked = Map.copyOf(attributes);
        return new Mapped.Row(cells, raw -> new Attributes(checked), errors, warnings, original, generated);
    }

    /** Shopify's Status: active, draft, archived (a product taken off sale for good: RETIRED). */
    private static Optional<String> status(long row, String raw, List<RowError> errors) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        ProductStatus status = switch (raw.toLowerCase(Locale.ROOT)) {
            case "active" -> ProductStatus.ACTIVE;
            case "draft" -> ProductStatus.DRAFT;
            case "archived" -> ProductStatus.RETIRED;
            default -> null;
        };
        if (status == null) {
            errors.add(new RowError(row, "status", "STATUS_INVALID", "Status must be active, draft or archived (got '"
                    + raw + "')", raw));
            return Optional.empty();
        }
        return Optional.of(status.name());
    }

    /** One attribute, checked by the domain on its own so that a problem names the cell it came from. */
    private void attribute(long row, Map<String, String> attributes, List<RowError> errors, String key, String value,
                           String column) {
        if (value.isEmpty()) {
            return;
        }
        try {
            new Attributes(Map.of(key, value));
            attributes.put(key, value);
        } catch (DomainException e) {
            errors.add(new RowError(row, spelled(column), e.code(), e.getMessage(), value));
        }
    }

    /** An option's name as an attribute key: lower case, anything but letters, digits, '_', '.', '-' as '_'. */
    static String attributeKey(String name, int option) {
        String key = trim(name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "_"), '_');
        if (key.isEmpty()) {
            return "option" + (option + 1);
        }
        return key.length() > 64 ? key.substring(0, 64) : key;
    }

    /** The deepest segment of Shopify's category path ("Apparel & Accessories > Clothing > Shirts & Tops"). */
    static String deepest(String path) {
        String[] segments = path.split(">");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isBlank()) {
                return segments[i].strip();
            }
        }
        return "";
    }

    /**
     * The SKU {@code --generate-sku} gives a variant without one: the handle and option values in lower case, joined
     * with '-', other characters as '-', then 8 hex digits of a SHA-256 of the handle and values as written (so two
     * variants that differ only in characters the slug drops still differ); at most 64 characters. The same file
     * always gives the same SKUs.
     */
    static String generatedSku(String handle, List<String> optionValues) {
        List<String> parts = new ArrayList<>();
        parts.add(handle);
        parts.addAll(optionValues);
        String slug = parts.stream().map(p -> trim(p.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-"), '-'))
                .filter(p -> !p.isEmpty()).collect(Collectors.joining("-"));
        String hash = Hashing.sha256Hex(String.join("\u0000", parts)).substring(0, 8);
        if (slug.length() > 55) {
            slug = trim(slug.substring(0, 55), '-');
        }
        return slug.isEmpty() ? hash : slug + "-" + hash;
    }

    private String spelled(String column) {
        return header.written(column, SPELLED.getOrDefault(column, column));
    }

    /** The text without {@code c} at either end (a loop: a pattern such as "_+$" is quadratic on a long run). */
    private static String trim(String text, char c) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == c) {
            start++;
        }
        while (end > start && text.charAt(end - 1) == c) {
            end--;
        }
        return text.substring(start, end);
    }

    @Override
    public String column(String domainColumn) {
        return switch (domainColumn) {
            case "sku" -> spelled(SKU);
            case "title" -> spelled(TITLE);
            case "description" -> spelled(BODY);
            case "category" -> header.has(TYPE) ? spelled(TYPE) : spelled(PRODUCT_CATEGORY);
            case "price" -> spelled(PRICE);
            case "quantity" -> spelled(QUANTITY);
            case "status" -> spelled(STATUS);
            case "attributes" -> spelled(OPTION_VALUES.get(0));
            default -> domainColumn;
        };
    }

    @Override
    public Map<String, String> state() {
        if (handle == null) {
            return Map.of();
        }
        Map<String, String> state = new HashMap<>(product);
        state.put(HANDLE, handle);
        return state;
    }

    @Override
    public void restore(Map<String, String> state) {
        handle = state.get(HANDLE);
        product = new HashMap<>(state);
        product.remove(HANDLE);
    }
}
