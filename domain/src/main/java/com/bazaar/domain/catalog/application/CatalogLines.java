package com.bazaar.domain.catalog.application;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one home of the rules of a catalog row: a seller's file row (the catalog import job) and a product typed on the
 * command line ({@code product create}) are checked here. Every value goes through the domain's own value objects and
 * aggregate ({@link Sku}, {@link Money#parse} with the seller's currency, {@link Product.Draft}, {@link Stock#onHand});
 * each column is checked on its own, so a row reports all its problems at once.
 */
public final class CatalogLines {

    private static final Pattern SCIENTIFIC = Pattern.compile("[+-]?\\d+(\\.\\d+)?[eE][+-]?\\d+");

    /** The cells of one row as the seller wrote them; empty: the file has no such column. */
    public record Cells(Optional<String> sku, Optional<String> title, Optional<String> description,
                        Optional<String> category, Optional<String> price, Optional<String> currency,
                        Optional<String> quantity, Optional<String> status, Optional<String> attributes) {
    }

    /** A checked row: its line, or everything wrong with it. */
    public sealed interface Checked permits Accepted, Rejected {
    }

    public record Accepted(CatalogLine line) implements Checked {
    }

    public record Rejected(List<RowError> errors) implements Checked {
    }

    private CatalogLines() {
    }

    /**
     * Checks one row for a seller selling in {@code currency}.
     *
     * @param attributeFormat reads the attributes cell (its syntax belongs to the file format); throws a
     *                        {@link DomainException} naming the problem
     */
    public static Checked check(long row, SellerId seller, CurrencyCode currency, Cells cells,
                                Function<String, Attributes> attributeFormat) {
        List<RowError> errors = new ArrayList<>();
        String rawSku = cells.sku().orElse("");
        Sku sku = field(errors, row, "sku", rawSku, () -> Sku.of(rawSku));
        String rawPrice = cells.price().orElse("");
        Money price = field(errors, row, "price", rawPrice, () -> price(rawPrice, currency));
        cells.currency().ifPresent(c -> field(errors, row, "currency", c, () -> {
            if (!CurrencyCode.of(c).equals(currency)) {
                throw new ValidationException("CURRENCY_MISMATCH", "currency", "the seller sells in " + currency
                        + "; a row cannot be priced in " + c.strip().toUpperCase(Locale.ROOT));
            }
            return null;
        }));
        Optional<Long> quantity = cells.quantity().map(q -> field(errors, row, "quantity", q, () -> quantity(q)));
        Optional<ProductStatus> status = cells.status().map(s -> field(errors, row, "status", s, () -> status(s)));
        Attributes attributes = cells.attributes()
                .map(a -> field(errors, row, "attributes", a, () -> attributeFormat.apply(a))).orElse(Attributes.NONE);
        String title = cells.title().orElse("");
        if (sku != null && price != null && attributes != null) {
            Product.Draft draft = field(errors, row, "title", title, () -> new Product.Draft(seller, sku, title,
                    cells.description(), cells.category(), attributes, price));
            if (draft != null && status.orElse(null) == ProductStatus.ACTIVE && !price.isPositive()) {
                errors.add(new RowError(row, "price", "PRICE_REQUIRED", "an ACTIVE product needs a positive price",
                        rawPrice));
            }
            if (errors.isEmpty() && draft != null) {
                return new Accepted(new CatalogLine(row, sku, draft.title(), draft.description(), draft.category(),
                        attributes, price, quantity, status));
            }
        } else {
            field(errors, row, "title", title, () -> Text.required(title, "title", "TITLE_INVALID", Product.MAX_TITLE));
        }
        return new Rejected(errors);
    }

    /**
     * Whether a cell holds a number in scientific notation ({@code 3.65275E+11}): what a spreadsheet makes of a long
     * number such as a SKU, a barcode or a price, after which its digits are lost.
     */
    public static boolean scientific(String raw) {
        return SCIENTIFIC.matcher(raw.strip()).matches();
    }

    /** A product's price in the seller's currency: exact decimals, within the product's bounds, never 1.2E+3. */
    public static Money price(String raw, CurrencyCode currency) {
        if (scientific(raw)) {
            throw new ValidationException("AMOUNT_INVALID", "price", "price '" + raw + "' is in scientific"
                    + " notation; format the column as a number with decimals");
        }
        return Product.checkedPrice(Money.parse(raw, currency));
    }

    /** The on-hand count a row sets: a whole number within the stock's bounds. */
    public static long quantity(String raw) {
        String q = raw.strip();
        if (scientific(q)) {
            throw new ValidationException("QUANTITY_INVALID", "quantity", "quantity '" + raw + "' is in scientific"
                    + " notation; format the column as a whole number");
        }
        return Stock.onHand(q, "quantity");
    }

    public static ProductStatus status(String raw) {
        try {
            return ProductStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("STATUS_INVALID", "status", "status must be DRAFT, ACTIVE, SUSPENDED or"
                    + " RETIRED (got '" + raw + "')");
        }
    }

    private static <T> T field(List<RowError> errors, long row, String column, String value, Supplier<T> check) {
        try {
            return check.get();
        } catch (DomainException e) {
            errors.add(new RowError(row, column, e.code(), e.getMessage(), value));
            return null;
        }
    }
}
