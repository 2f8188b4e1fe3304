package com.bazaar.batch.catalog;

import com.bazaar.batch.support.CommittedContext;
import com.bazaar.batch.support.ErrorReport;
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
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The staging step of the catalog import: the named restartable reader ({@link CsvFileReader} "catalogFileReader"),
 * a processor that checks each row with the domain's rules, and a writer that stages accepted rows and records
 * rejected ones through the domain's bulk port. A bad row is a value ({@link CatalogRows.Rejected}), never an
 * exception, so the step needs no skip policy: an exception means infrastructure failed, and the step fails to be
 * restarted. The file's format ({@link CatalogFormat}: the job's {@code format} parameter, else detected from the
 * header) decides which cell is which; what the rows carry from one to the next (Shopify's product of the current
 * handle) and their counts are saved with each chunk as {@value #STATE}, so a restart in the middle of a Shopify
 * handle fills its rows as the first run would have.
 */
public final class CatalogImportSteps implements ItemProcessor<CsvRecord, CatalogRows.Checked>,
        ItemWriter<CatalogRows.Checked>, StepExecutionListener, ItemStream {

    /** The key of the rows' state in the stage step's execution context (JSON of {@link CatalogRows#state()}). */
    static final String STATE = "catalogRows.state";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    private final CatalogImports imports;
    private final Function<String, Seller> sellerOf;
    private final JobRepository jobRepository;
    private final CsvFileReader reader;
    private long importId;
    private Seller seller;
    private Path file;
    private Optional<CatalogFormat> format;
    private boolean generateSku;
    private CatalogRows rows;
    private ExecutionContext opened;
    private final CommittedContext committed = new CommittedContext();
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
        format = CatalogImportJobConfiguration.format(parameters);
        generateSku = CatalogImportJobConfiguration.generateSku(parameters);
        seller = sellerOf.apply(parameters.getString(CatalogImportJobConfiguration.SELLER));
        reader.input(JobInput.of(stepExecution.getJobExecution(), jobRepository));
        rows = null;
        opened = null;
    }

    /** Called by the reader when it opens, before or after this stream opens. */
    private void header(List<String> fields) {
        rows = new CatalogRows(CatalogFormat.open(format, fields, generateSku, file), seller.id(), seller.currency());
        report = ErrorReport.isReport(fields);
        if (opened != null) {
            restore(opened);
        }
    }

    @Override
    public void open(ExecutionContext context) {
        // a restart reads on after the rows its earlier run committed: those must still be staged
        imports.prepare(importId, context.getLong(reader.name() + ".rows", 0L) > 0);
        opened = context;
        if (rows != null) {
            restore(context);
        }
    }

    private void restore(ExecutionContext context) {
        String saved = context.containsKey(STATE) ? context.getString(STATE) : null;
        committed.opened(saved == null ? Map.of() : Map.of(STATE, saved));
        rows.restore(state(context));
    }

    /** The rows' state saved in a stage step's execution context (empty before its first chunk). */
    static Map<String, String> state(ExecutionContext context) {
        return context.containsKey(STATE) ? JSON.readValue(context.getString(STATE), STRINGS) : Map.of();
    }

    @Override
    public void update(ExecutionContext context) {
        if (rows != null) {
            committed.save(context, Map.of(STATE, JSON.writeValueAsString(rows.state())));
        }
    }

    @Override
    public CatalogRows.Checked process(CsvRecord record) {
        // an error report uploaded again holds the values as the report wrote them
        var checked = rows.check(report && record.readable()
                ? new CsvRecord(record.row(), ErrorReport.restore(record.fields()), null) : record);
        return checked instanceof CatalogRows.Skipped ? null : checked;
    }

    @Override
    public void write(Chunk<? extends CatalogRows.Checked> chunk) {
        List<CatalogLine> lines = new ArrayList<>();
        List<CatalogImports.Rejection> rejections = new ArrayList<>();
        List<CatalogImports.Warning> warnings = new ArrayList<>();
        for (CatalogRows.Checked checked : chunk.getItems()) {
            if (checked instanceof CatalogRows.Accepted accepted) {
                lines.add(accepted.line());
                if (!accepted.warnings().isEmpty()) {
                    warnings.add(new CatalogImports.Warning(accepted.row(), accepted.warnings(), accepted.original()));
                }
            } else {
                var rejected = (CatalogRows.Rejected) checked;
                rejections.add(new CatalogImports.Rejection(rejected.row(), rejected.errors(), rejected.original()));
            }
        }
        imports.stage(importId, lines);
        imports.reject(importId, rejections);
        imports.warn(importId, warnings);
    }
}
