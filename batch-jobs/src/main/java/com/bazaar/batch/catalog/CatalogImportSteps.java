package com.bazaar.batch.catalog;

import com.bazaar.batch.JobRejected;
import com.bazaar.batch.csv.CsvReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.seller.Seller;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The staging step of the catalog import: a named, restartable reader over the file ("catalogFileReader": it saves
 * how many rows it has handed out, in the same transaction as each chunk, and skips them on restart), a processor that
 * checks each row with the domain's rules, and a writer that stages accepted rows and records rejected ones through
 * the domain's bulk port. A bad row is a value ({@link CatalogRows.Rejected}), never an exception, so the step needs
 * no skip policy: an exception means infrastructure failed, and the step fails to be restarted.
 */
public final class CatalogImportSteps implements ItemStreamReader<CsvRecord>, ItemProcessor<CsvRecord, CatalogRows.Checked>,
        ItemWriter<CatalogRows.Checked>, StepExecutionListener {

    static final String ROWS_READ = "catalogFileReader.rows";

    private final CatalogImports imports;
    private final Function<String, Seller> sellerOf;
    private long importId;
    private Path file;
    private InputStream input;
    private CsvReader reader;
    private CatalogHeader header;
    private CatalogRows rows;
    private long handedOut;

    /** @param sellerOf resolves (and authorises) the seller named by the job's {@code seller} parameter */
    public CatalogImportSteps(CatalogImports imports, Function<String, Seller> sellerOf) {
        this.imports = imports;
        this.sellerOf = sellerOf;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        var parameters = stepExecution.getJobExecution().getJobParameters();
        importId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        file = Path.of(parameters.getString(CatalogImportJobConfiguration.FILE));
        Seller seller = sellerOf.apply(parameters.getString(CatalogImportJobConfiguration.SELLER));
        this.sellerForRows = seller;
    }

    private Seller sellerForRows;

    @Override
    public void open(ExecutionContext context) {
        try {
            input = Files.newInputStream(file);
        } catch (IOException e) {
            throw new JobRejected("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        reader = new CsvReader(input);
        header = readHeader(reader, file);
        rows = new CatalogRows(header, sellerForRows.id(), sellerForRows.currency());
        handedOut = context.getLong(ROWS_READ, 0L);
        for (long i = 0; i < handedOut && reader.hasNext(); i++) {
            reader.next();
        }
    }

    static CatalogHeader readHeader(CsvReader reader, Path file) {
        if (!reader.hasNext()) {
            throw new JobRejected(file + " is empty: a catalog file starts with a header row");
        }
        CsvRecord first = reader.next();
        var parsed = CatalogHeader.parse(first.fields());
        if (parsed instanceof CatalogHeader.Unreadable unreadable) {
            throw new JobRejected(file + ": " + String.join("; ", unreadable.problems()));
        }
        return ((CatalogHeader.Readable) parsed).header();
    }

    @Override
    public CsvRecord read() {
        if (!reader.hasNext()) {
            return null;
        }
        handedOut++;
        return reader.next();
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(ROWS_READ, handedOut);
    }

    @Override
    public void close() {
        try {
            if (input != null) {
                input.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CatalogRows.Checked process(CsvRecord record) {
        return rows.check(record);
    }

    @Override
    public void write(Chunk<? extends CatalogRows.Checked> chunk) {
        List<CatalogLine> lines = new ArrayList<>();
        List<List<String>> originals = new ArrayList<>();
        List<CatalogImports.Rejection> rejections = new ArrayList<>();
        for (CatalogRows.Checked checked : chunk.getItems()) {
            if (checked instanceof CatalogRows.Accepted accepted) {
                lines.add(accepted.line());
                originals.add(accepted.original());
            } else {
                var rejected = (CatalogRows.Rejected) checked;
                rejections.add(new CatalogImports.Rejection(rejected.row(), rejected.errors(), rejected.original()));
            }
        }
        imports.stage(importId, lines, originals);
        imports.reject(importId, rejections);
    }
}
