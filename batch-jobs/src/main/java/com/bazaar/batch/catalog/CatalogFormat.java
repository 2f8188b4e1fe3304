package com.bazaar.batch.catalog;

import com.bazaar.batch.support.JobRejected;
import com.bazaar.domain.shared.ValidationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalog file formats the import reads: Bazaar's own (docs/formats/catalog.md), Shopify's product CSV
 * (docs/formats/shopify.md) and Magento 2's catalog export (docs/formats/magento.md). A format only maps the seller's
 * columns onto the domain's; the rules of a product are the domain's whatever the format. Which format a file is in
 * comes from {@code --format} or, by default ({@code auto}), from its header.
 */
public enum CatalogFormat {
    BAZAAR("bazaar", "sku, title, price; optional: description, category, currency, quantity, status, attributes"),
    SHOPIFY("shopify", "Handle, Title, Variant Price; also read: Variant SKU, Body (HTML), Vendor, Type,"
            + " Product Category, Status, Option1-3 Name and Value, Variant Inventory Qty, Variant Barcode"),
    MAGENTO("magento", "sku, product_type, name, price; also read: store_view_code, categories, description,"
            + " short_description, product_online, qty, additional_attributes");

    /** {@code --format}'s default: the format is detected from the header. */
    public static final String AUTO = "auto";

    private final String label;
    private final String expected;

    CatalogFormat(String label, String expected) {
        this.label = label;
        this.expected = expected;
    }

    /** As {@code --format} names it and the job's summary shows it. */
    public String label() {
        return label;
    }

    /** A {@code --format} value: empty for {@code auto}, else the format it names; FORMAT_INVALID otherwise. */
    public static Optional<CatalogFormat> parse(String value) {
        String v = value == null ? AUTO : value.strip().toLowerCase(Locale.ROOT);
        if (v.equals(AUTO)) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(f -> f.label.equals(v)).findFirst()
                .map(Optional::of)
                .orElseThrow(() -> new ValidationException("FORMAT_INVALID", "format", "--format must be " + AUTO
                        + ", " + Arrays.stream(values()).map(CatalogFormat::label).collect(Collectors.joining(", "))
                        + " (got '" + value + "')"));
    }

    /**
     * The format a header is in: Shopify's when it has {@code Handle} with {@code Variant SKU} or {@code Title};
     * Magento's when it has {@code sku} with {@code product_type}, {@code store_view_code} or
     * {@code attribute_set_code}; else Bazaar's own. Names are compared case-insensitively.
     */
    public static CatalogFormat detect(List<String> header) {
        Set<String> columns = header.stream().map(HeaderIndex::key).collect(Collectors.toSet());
        if (ShopifyMapping.recognises(columns)) {
            return SHOPIFY;
        }
        if (MagentoMapping.recognises(columns)) {
            return MAGENTO;
        }
        return BAZAAR;
    }

    /**
     * The mapping of a file with this header, read in the requested format (empty: the detected one); a header the
     * format cannot read refuses the file ({@link JobRejected}), and when the format was detected the message lists
     * the columns each format expects.
     */
    static CatalogMapping open(Optional<CatalogFormat> requested, List<String> header, boolean generateSku, Path file) {
        CatalogFormat format = requested.orElseGet(() -> detect(header));
        if (generateSku && format != SHOPIFY) {
            throw new JobRejected(file + ": --generate-sku applies to Shopify product CSVs only; this file is read as "
                    + format.label);
        }
        List<String> problems = new ArrayList<>();
        CatalogMapping mapping = format.mapping(header, generateSku, problems);
        if (problems.isEmpty()) {
            return mapping;
        }
        String message = file + ": " + String.join("; ", problems);
        CatalogFormat looksLike = detect(header);
        if (requested.isEmpty()) {
            message += ". " + expectations();
        } else if (looksLike != format && looksLike != BAZAAR) {
            message += ". The header looks like a " + looksLike.label + " file: run with --format " + looksLike.label
                    + " (or " + AUTO + ")";
        } else {
            message += ". A " + format.label + " file has " + format.expected;
        }
        throw new JobRejected(message);
    }

    /** What each format expects of a header, for the message of a header none of them reads. */
    static String expectations() {
        return "The header is in none of the formats the import reads: " + Arrays.stream(values())
                .map(f -> f.label + " (" + f.expected + ")").collect(Collectors.joining("; "));
    }

    private CatalogMapping mapping(List<String> header, boolean generateSku, List<String> problems) {
        Optional<String> semicolons = CatalogHeader.semicolons(header);
        if (semicolons.isPresent()) {
            problems.add(semicolons.get());
            return null;
        }
        return switch (this) {
            case BAZAAR -> {
                var parsed = CatalogHeader.parse(header);
                if (parsed instanceof CatalogHeader.Unreadable unreadable) {
                    problems.addAll(unreadable.problems());
                    yield null;
                }
                yield new BazaarMapping(((CatalogHeader.Readable) parsed).header());
            }
            case SHOPIFY -> {
                var index = new HeaderIndex(header);
                problems.addAll(index.problems(ShopifyMapping.SPELLED.keySet(), ShopifyMapping.REQUIRED,
                        ShopifyMapping.SPELLED));
                yield new ShopifyMapping(index, generateSku);
            }
            case MAGENTO -> {
                var index = new HeaderIndex(header);
                problems.addAll(index.problems(MagentoMapping.READ, MagentoMapping.REQUIRED, java.util.Map.of()));
                yield new MagentoMapping(index);
            }
        };
    }
}
