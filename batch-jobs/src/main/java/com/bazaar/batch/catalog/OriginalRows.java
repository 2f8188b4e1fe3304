package com.bazaar.batch.catalog;

import com.bazaar.batch.csv.CsvReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.batch.input.JobInput;
import com.bazaar.batch.input.Snapshot;
import com.bazaar.batch.support.ErrorReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rows of a job's file as its error report shows them, read again in row order: catalog staging keeps only the
 * checked values of an accepted row, so when the report lists such a row (rejected by a catalog rule after staging,
 * or every row of a refused file) its columns come from here. The file is read from a snapshot proven to be the job's
 * bytes, as the stage step read it, through the same format ({@link CatalogRows#original}), so each row is what
 * staging saw. Forward only and one row at a time: memory does not grow with the file. Opened on first use.
 */
final class OriginalRows implements AutoCloseable {

    private final JobInput input;
    private final Function<List<String>, CatalogMapping> format;
    private Snapshot snapshot;
    private InputStream in;
    private CsvReader reader;
    private CatalogRows rows;
    private boolean report;
    private CsvRecord next;
    private Optional<List<String>> original = Optional.empty();

    /** @param format the job's format, opened afresh over the file's header (a format may carry state row to row) */
    OriginalRows(JobInput input, Function<List<String>, CatalogMapping> format) {
        this.input = input;
        this.format = format;
    }

    /**
     * Row {@code row} of the file as the report shows it; rows are asked for in increasing order.
     *
     * @throws IllegalStateException when the file has no such row (the staged rows came from these bytes: a bug)
     */
    List<String> row(long row) {
        open();
        while (next == null || next.row() < row) {
            if (!reader.hasNext()) {
                throw new IllegalStateException(input.file() + " has no row " + row + " (" + input.job() + ")");
            }
            CsvRecord record = reader.next();
            // as the stage step did: a fixed error report holds the values as the report wrote them
            next = report && record.readable() ? new CsvRecord(record.row(), ErrorReport.restore(record.fields()),
                    null) : record;
            original = Optional.ofNullable(rows.original(next));
        }
        if (next.row() != row) {
            throw new IllegalStateException(input.file() + ": row " + row + " was asked for after row " + next.row());
        }
        return original.orElseThrow(() -> new IllegalStateException(input.file() + ": row " + row
                + " is not a product in its format, yet it was staged"));
    }

    private void open() {
        if (reader != null) {
            return;
        }
        snapshot = input.snapshot();
        try {
            in = snapshot.open();
            reader = new CsvReader(in);
            if (!reader.hasNext()) {
                throw new IllegalStateException(input.file() + " is empty");
            }
            List<String> header = reader.next().fields();
            rows = new CatalogRows(format.apply(header), null, null);
            report = ErrorReport.isReport(header);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read the copy of " + input.file() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (snapshot != null) {
                snapshot.close();
            }
        }
    }
}
