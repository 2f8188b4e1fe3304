package com.bazaar.batch.inventory;

import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLine;
import com.bazaar.domain.shared.DomainException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The inventory sync format: columns {@code sku} and exactly one of {@code on_hand} (absolute count) or {@code delta}
 * (change), any order; row numbers as a spreadsheet shows them. Each row checked with the domain's {@code Sku} and
 * {@code Stock.onHand} / {@code Stock.delta} (ASCII digits, bounded).
 */
public final class StockRows {

    /** A checked row: its line, or its errors; with the columns as written. */
    public record Checked(long row, Optional<StockLine> line, List<RowError> errors, List<String> original) {
    }

    private final int sku;
    private final int value;
    private final boolean absolute;
    private final int width;

    private StockRows(int sku, int value, boolean absolute, int width) {
        this.sku = sku;
        this.value = value;
        this.absolute = absolute;
        this.width = width;
    }

    public static StockRows parseHeader(List<String> fields, Path file) {
        int sku = -1;
        int onHand = -1;
        int delta = -1;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            switch (fields.get(i).strip().toLowerCase(Locale.ROOT)) {
                case "sku" -> sku = i;
                case "on_hand" -> onHand = i;
                case "delta" -> delta = i;
                case "row", "column", "code", "message", "value" -> {
                    // columns of an error report uploaded again: ignored
                }
                default -> unknown.add(fields.get(i).strip());
            }
        }
        if (fields.size() == 1 && fields.get(0).contains(";")) {
            throw new JobRejected(file + ": the file looks semicolon-separated; save it as comma-separated CSV");
        }
        if (!unknown.isEmpty()) {
            throw new JobRejected(file + ": unknown column" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (known: sku, on_hand, delta)");
        }
        if (sku < 0 || (onHand < 0) == (delta < 0)) {
            throw new JobRejected(file + ": an inventory file has the columns sku and either on_hand or delta");
        }
        return new StockRows(sku, onHand >= 0 ? onHand : delta, onHand >= 0, fields.size());
    }

    public Checked check(CsvRecord record) {
        long row = record.row();
        List<String> f = record.fields();
        List<RowError> errors = new ArrayList<>();
        if (!record.readable()) {
            errors.add(new RowError(row, "", "ROW_UNREADABLE", record.problem(), ""));
            return new Checked(row, Optional.empty(), errors, f);
        }
        if (f.size() != width) {
            errors.add(new RowError(row, "", "COLUMN_COUNT", "the row has " + f.size() + " columns, the header has "
                    + width, ""));
            return new Checked(row, Optional.empty(), errors, f);
        }
        Sku s = null;
        try {
            s = Sku.of(f.get(sku));
        } catch (DomainException e) {
            errors.add(new RowError(row, "sku", e.code(), e.getMessage(), f.get(sku)));
        }
        String column = absolute ? "on_hand" : "delta";
        Long n = null;
        String raw = f.get(value).strip();
        try {
            n = absolute ? Stock.onHand(raw, column) : Stock.delta(raw, column);
        } catch (DomainException e) {
            errors.add(new RowError(row, column, e.code(), e.getMessage()
                    + (raw.matches("[+-]?[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]+") ? " (it is in scientific notation; format"
                    + " the column as a number)" : ""), raw));
        }
        if (!errors.isEmpty()) {
            return new Checked(row, Optional.empty(), errors, f);
        }
        return new Checked(row, Optional.of(new StockLine(row, s, absolute ? Optional.of(n) : Optional.empty(),
                absolute ? Optional.empty() : Optional.of(n))), List.of(), f);
    }
}
