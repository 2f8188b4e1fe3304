package com.bazaar.batch.catalog;

import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.RowError;

import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a catalog record into a {@link CatalogLine} or the list of everything wrong with it. Every value is checked
 * by the domain's own value objects and aggregate ({@code Sku}, {@code Money.parse} with the seller's currency,
 * {@code Product.Draft}), never by a second copy of the rules; each column is checked on its own, so a row reports
 * all its problems at once.
 */
public final class CatalogRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SCIENTIFIC = Pattern.compile("[+-]?\\d+(\\.\\d+)?[eE][+-]?\\d+");

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
        Optional<String> rawSku = header.value(f, "sku");
        Sku sku = field(errors, row, "sku", rawSku.orElse(""), () -> Sku.of(rawSku.orElse("")));
        String rawPrice = header.value(f, "price").orElse("");
        Money price = field(errors, row, "price", rawPrice, () -> {
            if (SCIENTIFIC.matcher(rawPrice.strip()).matches()) {
                throw new ValidationException("AMOUNT_INVALID", "price", "price '" + rawPrice + "' is in scientific"
                        + " notation; format the column as a number with decimals");
            }
            return Product.checkedPrice(Money.parse(rawPrice, currency));
        });
        header.value(f, "currency").ifPresent(c -> field(errors, row, "currency", c, () -> {
            if (!CurrencyCode.of(c).equals(currency)) {
                throw new ValidationException("CURRENCY_MISMATCH", "currency", "the seller sells in " + currency
                        + "; a row cannot be priced in " + c.strip().toUpperCase(Locale.ROOT));
            }
            return null;
        }));
        Optional<Long> quantity = header.value(f, "quantity").map(q -> field(errors, row, "quantity", q, () -> quantity(q)));
        Optional<ProductStatus> status = header.value(f, "status").map(s -> field(errors, row, "status", s, () -> status(s)));
        Attributes attributes = header.value(f, "attributes")
                .map(a -> field(errors, row, "attributes", a, () -> attributes(a))).orElse(Attributes.NONE);
        Optional<String> description = header.value(f, "description");
        Optional<String> category = header.value(f, "category");
        String title = header.value(f, "title").orElse("");
        if (sku != null && price != null && attributes != null) {
            Product.Draft draft = field(errors, row, "title", title, () -> new Product.Draft(seller, sku, title,
                    description, category, attributes, price));
            if (draft != null && status.orElse(null) == ProductStatus.ACTIVE && !price.isPositive()) {
                errors.add(new RowError(row, "price", "PRICE_REQUIRED", "an ACTIVE product needs a positive price", rawPrice));
            }
            if (errors.isEmpty() && draft != null) {
                return new Accepted(row, new CatalogLine(row, sku, draft.title(), draft.description(), draft.category(),
                        attributes, price, quantity, status), record.fields());
            }
        } else {
            field(errors, row, "title", title, () -> com.bazaar.domain.shared.Text.required(title, "title",
                    "TITLE_INVALID", Product.MAX_TITLE));
        }
        return new Rejected(row, errors, record.fields());
    }

    private static <T> T field(List<RowError> errors, long row, String column, String value, Supplier<T> check) {
        try {
            return check.get();
        } catch (DomainException e) {
            errors.add(new RowError(row, column, e.code(), e.getMessage(), value));
            return null;
        }
    }

    private static long quantity(String raw) {
        String q = raw.strip();
        if (SCIENTIFIC.matcher(q).matches()) {
            throw new ValidationException("QUANTITY_INVALID", "quantity", "quantity '" + raw + "' is in scientific"
                    + " notation; format the column as a whole number");
        }
        return com.bazaar.domain.inventory.Stock.onHand(q, "quantity");
    }

    private static ProductStatus status(String raw) {
        try {
            return ProductStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("STATUS_INVALID", "status", "status must be DRAFT, ACTIVE, SUSPENDED or"
                    + " RETIRED (got '" + raw + "')");
        }
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
