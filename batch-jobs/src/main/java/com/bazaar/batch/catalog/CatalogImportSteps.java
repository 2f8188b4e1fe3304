package com.bazaar.batch.catalog;

import com.bazaar.batch.support.ErrorReport;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.csv.CsvFileReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.batch.input.JobInput;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.seller.Seller;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The staging step of the catalog import: the named restartable reader ({@link CsvFileReader} "catalogFileReader"),
 * a processor that checks each row with the domain's rules, and a writer that stages accepted rows and records
 * rejected ones through the domain's bulk port. A bad row is a value ({@link CatalogRows.Rejected}), never an
 * exception, so the step needs no skip policy: an exception means infrastructure failed, and the step fails to be
 * restarted.
 */
public final class CatalogImportSteps implements ItemProcessor<CsvRecord, CatalogRows.Checked>,
        ItemWriter<CatalogRows.Checked>, StepExecutionListener {

    private final CatalogImports imports;
    private final Function<String, Seller> sellerOf;
    private final JobRepository jobRepository;
    private final CsvFileReader reader;
    private long importId;
    private Seller seller;
    private Path file;
    private CatalogRows rows;
    private boolean report;

    /** @param sellerOf resolves (and authorises) the seller named by the job's {@code seller} parameter */
    public CatalogImportSteps(CatalogImports imports, Function<String, Seller> sellerOf, JobRepository jobRepository) {
        this.imports = imports;
        this.sellerOf = sellerOf;
        this.jobRepository = jobRepository;
        this.reader = new CsvFileReader("catalogFileReader", this::header);
    }

    public CsvFileReader reader() {
        return reader;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        var parameters = stepExecution.getJobExecution().getJobParameters();
        importId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        file = Path.of(parameters.getString(CatalogImportJobConfiguration.FILE));
        seller = sellerOf.apply(parameters.getString(CatalogImportJobConfiguration.SELLER));
        reader.input(JobInput.of(stepExecution.getJobExecution(), jobRepository));
    }

    private void header(List<String> fields) {
        rows = new CatalogRows(parseHeader(fields, file), seller.id(), seller.currency());
        report = ErrorReport.isReport(fields);
    }

    static CatalogHeader parseHeader(List<String> fields, Path file) {
        var parsed = CatalogHeader.parse(fields);
        if (parsed instanceof CatalogHeader.Unreadable unreadable) {
            throw new JobRejected(file + ": " + String.join("; ", unreadable.problems()));
        }
        return ((CatalogHeader.Readable) parsed).header();
    }

    @Override
    public CatalogRows.Checked process(CsvRecord record) {
        // an error report uploaded again holds the values as the report wrote them
        return rows.check(report && record.readable()
                ? new CsvRecord(record.row(), ErrorReport.restore(record.fields()), null) : record);
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
