package com.bazaar.batch.support;

import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.shared.CsvCells;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The error report: a CSV of the rows that failed (or of every row, when the file was refused as a whole), each as
 * {@code row,column,code,message,value} followed by the row's original columns (a row that did not fail has the five
 * empty), so the seller can fix them and upload the report again (the importer ignores the five report columns). A row with several problems is one line, its columns, codes and messages joined with "; ".
 * Cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe ({@link CsvCells}: the
 * seller's own values are echoed here, and the report is meant to be opened in a spreadsheet).
 */
public final class ErrorReport implements AutoCloseable {

    /** The five columns a report puts before the row's own (an importer reading a fixed report ignores them). */
    public static final List<String> COLUMNS = List.of("row", "column", "code", "message", "value");

    private final Writer out;
    private long rows;

    public ErrorReport(Writer out, List<String> originalHeader) {
        this.out = out;
        List<String> header = new ArrayList<>(COLUMNS);
        originalHeader.stream().filter(h -> !COLUMNS.contains(h.strip().toLowerCase()))
                .forEach(header::add);
        line(header);
    }

    /**
     * @param headerNames the file's header as written, when its report columns (a fixed report uploaded again) are to
     *                    be left out of the row's own columns; null to echo every column
     */
    public void add(long row, List<RowError> errors, List<String> originalFields, List<String> headerNames) {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(row));
        cells.add(errors.stream().map(RowError::column).collect(Collectors.joining("; ")));
        cells.add(errors.stream().map(RowError::code).collect(Collectors.joining("; ")));
        cells.add(errors.stream().map(RowError::message).collect(Collectors.joining("; ")));
        cells.add(errors.stream().map(RowError::value).collect(Collectors.joining("; ")));
        for (int i = 0; i < originalFields.size(); i++) {
            if (headerNames == null || i >= headerNames.size()
                    || !COLUMNS.contains(headerNames.get(i).toLowerCase())) {
                cells.add(originalFields.get(i));
            }
        }
        line(cells);
        rows++;
    }

    /** Whether a file with this header is an error report (one Bazaar wrote, perhaps fixed): it has all five columns. */
    public static boolean isReport(List<String> header) {
        return header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList().containsAll(COLUMNS);
    }

    /**
     * A row of a report as it is uploaded again: each cell without the apostrophe the report put before a value a
     * spreadsheet would run as a formula ({@link CsvCells#restore}), so an untouched row imports the values the seller
     * first sent. (A spreadsheet that saved the report has already dropped it; then nothing changes.)
     */
    public static List<String> restore(List<String> fields) {
        return fields.stream().map(CsvCells::restore).toList();
    }

    public long rows() {
        return rows;
    }

    private void line(List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(escape(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String value) {
        return CsvCells.cell(value);
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
