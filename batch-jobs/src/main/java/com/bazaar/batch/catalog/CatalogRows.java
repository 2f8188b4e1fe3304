package com.bazaar.batch.catalog;

import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.application.CatalogLines;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a catalog record into a {@link CatalogLine} or the list of everything wrong with it. The file's shape (the
 * row is readable, has the header's width) is checked here, the row's cells are found by its format's
 * {@link CatalogMapping}, and every rule of the row itself is the domain's ({@link CatalogLines}, the same rules
 * {@code product create} obeys), never a second copy of them. It counts the rows its format skips and the SKUs it
 * generated; those counts and what the mapping carries from row to row are its {@link #state()}.
 */
public final class CatalogRows {

    static final String SKIPPED = "skipped";
    static final String GENERATED = "generated-skus";
    private static final String CARRIED = "carried.";

    private final CatalogMapping mapping;
    private final SellerId seller;
    private final CurrencyCode currency;
    private long skipped;
    private long generated;

    /** Rows of a file in Bazaar's own format. */
    public CatalogRows(CatalogHeader header, SellerId seller, CurrencyCode currency) {
        this(new BazaarMapping(header), seller, currency);
    }

    CatalogRows(CatalogMapping mapping, SellerId seller, CurrencyCode currency) {
        this.mapping = mapping;
        this.seller = seller;
        this.currency = currency;
    }

    /** A checked row: its line, its errors, or skipped (not a product in its format). */
    public sealed interface Checked permits Accepted, Rejected, Skipped {
        long row();
    }

    /**
     * An accepted row, with its columns as the error report shows them (kept for a later relational rejection) and
     * its warnings (a value left out rather than stored damaged).
     */
    public record Accepted(long row, CatalogLine line, List<String> original, List<RowError> warnings)
            implements Checked {
    }

    /** A rejected row with every problem, and its columns as the seller wrote them (for the error report). */
    public record Rejected(long row, List<RowError> errors, List<String> original) implements Checked {
    }

    /** A row that is not a product in its format (a Shopify image row, a Magento store-view translation). */
    public record Skipped(long row) implements Checked {
    }

    public Checked check(CsvRecord record) {
        long row = record.row();
        if (!record.readable()) {
            return new Rejected(row, List.of(new RowError(row, "", "ROW_UNREADABLE", record.problem(), "")),
                    record.fields());
        }
        List<String> f = record.fields();
        if (f.size() != mapping.names().size()) {
            return new Rejected(row, List.of(new RowError(row, "", "COLUMN_COUNT", "the row has " + f.size()
                    + " columns, the header has " + mapping.names().size() + " (a separator inside a value must be"
                    + " quoted)", "")), record.fields());
        }
        var mapped = mapping.map(row, f);
        if (mapped instanceof CatalogMapping.Mapped.Skip) {
            skipped++;
            return new Skipped(row);
        }
        if (mapped instanceof CatalogMapping.Mapped.Refused refused) {
            return new Rejected(row, refused.errors(), refused.original());
        }
        var cells = (CatalogMapping.Mapped.Row) mapped;
        if (cells.skuGenerated()) {
            generated++;
        }
        var checked = CatalogLines.check(row, seller, currency, cells.cells(), cells.attributes());
        if (checked instanceof CatalogLines.Accepted accepted && cells.errors().isEmpty()) {
            return new Accepted(row, accepted.line(), cells.original(), cells.warnings());
        }
        // the format's own problems first; the domain's about a column the format already named are the same ones
        List<RowError> errors = new ArrayList<>(cells.errors());
        Set<String> named = errors.stream().map(RowError::column).collect(Collectors.toSet());
        if (checked instanceof CatalogLines.Rejected rejected) {
            rejected.errors().stream().filter(e -> !named.contains(e.column())).forEach(errors::add);
        }
        errors.addAll(cells.warnings());
        return new Rejected(row, errors, cells.original());
    }

    /**
     * The row as the error report shows it - the {@code original} that {@link #check} gives it - without the domain's
     * checks; null for a row its format skips. For reading a file again for its report (staging keeps no copy of an
     * accepted row's columns): it must see every row from the first, in order, as {@link #check} did (a format may
     * carry values from one row to the next).
     */
    List<String> original(CsvRecord record) {
        if (!record.readable() || record.fields().size() != mapping.names().size()) {
            return record.fields();
        }
        var mapped = mapping.map(record.row(), record.fields());
        if (mapped instanceof CatalogMapping.Mapped.Skip) {
            return null;
        }
        if (mapped instanceof CatalogMapping.Mapped.Refused refused) {
            return refused.original();
        }
        return ((CatalogMapping.Mapped.Row) mapped).original();
    }

    /** The format of the rows. */
    CatalogMapping mapping() {
        return mapping;
    }

    /** Rows skipped so far (their format says they are not products). */
    long skipped() {
        return skipped;
    }

    /** SKUs generated so far ({@code --generate-sku}). */
    long generatedSkus() {
        return generated;
    }

    /** The counts and what the mapping carries from row to row, to be saved with each chunk. */
    Map<String, String> state() {
        Map<String, String> state = new HashMap<>();
        state.put(SKIPPED, Long.toString(skipped));
        state.put(GENERATED, Long.toString(generated));
        mapping.state().forEach((k, v) -> state.put(CARRIED + k, v));
        return state;
    }

    /** Carries on from a saved {@link #state()}; an empty one is the start of the file. */
    void restore(Map<String, String> state) {
        skipped = Long.parseLong(state.getOrDefault(SKIPPED, "0"));
        generated = Long.parseLong(state.getOrDefault(GENERATED, "0"));
        Map<String, String> carried = new HashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith(CARRIED)) {
                carried.put(k.substring(CARRIED.length()), v);
            }
        });
        mapping.restore(carried);
    }
}
