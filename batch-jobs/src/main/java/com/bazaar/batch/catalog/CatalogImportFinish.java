package com.bazaar.batch.catalog;

import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.input.JobInput;
import com.bazaar.batch.support.ErrorReport;
import com.bazaar.batch.support.ImportOutcome;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.seller.SellerCode;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The decision step: the catalog-dependent rules, the error policy, then plan or apply (one transaction, audited),
 * and the error report written afresh from the rejected rows and the rows with warnings, or from every row when the
 * file was refused as a whole (so a restart writes it again, whole). The outcome, with the format the file was read in
 * and the rows its format skipped, is kept in the job's execution context ({@link ImportOutcome}) for
 * {@code bazaar job status}.
 */
public final class CatalogImportFinish implements Tasklet {

    private final ImportCatalog importCatalog;
    private final CatalogImports imports;
    private final CurrentActor actor;
    private final JobRepository jobRepository;

    public CatalogImportFinish(ImportCatalog importCatalog, CatalogImports imports, CurrentActor actor,
                               JobRepository jobRepository) {
        this.importCatalog = importCatalog;
        this.imports = imports;
        this.actor = actor;
        this.jobRepository = jobRepository;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        var parameters = jobExecution.getJobParameters();
        long importId = jobExecution.getJobInstance().getInstanceId();
        Path file = Path.of(parameters.getString(CatalogImportJobConfiguration.FILE));
        SellerCode seller = SellerCode.of(parameters.getString(CatalogImportJobConfiguration.SELLER));
        var policy = ImportCatalog.ErrorPolicy.parse(parameters.getString(CatalogImportJobConfiguration.ON_ERROR));
        // the header decides the format and which columns apply: read it from the job's own bytes, proven again (a
        // restart may run this step alone, long after the file was staged)
        JobInput input = JobInput.of(jobExecution, jobRepository);
        CatalogMapping mapping = CatalogFormat.open(CatalogImportJobConfiguration.format(parameters),
                com.bazaar.batch.csv.CsvFileReader.header(input), CatalogImportJobConfiguration.generateSku(parameters),
                input.file());
        var columns = mapping.columns();
        boolean apply = "apply".equals(parameters.getString(CatalogImportJobConfiguration.MODE));
        var outcome = apply
                ? importCatalog.apply(actor.get(), seller, importId, policy, columns,
                parameters.getString(CatalogImportJobConfiguration.SHA256), file.getFileName().toString())
                : importCatalog.plan(actor.get(), seller, importId, policy, columns);
        var plan = outcome.plan();
        ImportOutcome.record(jobExecution.getExecutionContext(), plan.create(), plan.update(), plan.unchanged(),
                plan.rejected(), outcome.applied(), outcome.refusal(), plan.sampleChanges(), plan.warnings());
        var staged = jobRepository.getLastStepExecution(jobExecution.getJobInstance(), "stage");
        var rows = CatalogImportSteps.state(staged == null ? new ExecutionContext() : staged.getExecutionContext());
        ImportOutcome.recordFormat(jobExecution.getExecutionContext(), mapping.format().label(),
                Long.parseLong(rows.getOrDefault(CatalogRows.SKIPPED, "0")),
                Long.parseLong(rows.getOrDefault(CatalogRows.GENERATED, "0")));
        String report = parameters.getString(CatalogImportJobConfiguration.ERROR_REPORT);
        if (report != null && !report.isBlank()) {
            var format = CatalogImportJobConfiguration.format(parameters);
            boolean generateSku = CatalogImportJobConfiguration.generateSku(parameters);
            try (var originals = new OriginalRows(input,
                    header -> CatalogFormat.open(format, header, generateSku, input.file()))) {
                writeReport(importId, mapping, originals, Path.of(report), outcome.refusal().isPresent());
            }
        }
        if (outcome.refusal().isPresent()) {
            contribution.setExitStatus(JobRejected.exitStatus(outcome.refusal().get()));
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * The error report, its problems under the seller's own column names ({@code Variant Price}, not the domain's
     * {@code price}): every rejected row and every row that imports with warnings, or, when the file was refused as a
     * whole (nothing applied, or a plan whose apply would be refused), every row - else the fixed report would import
     * the fixed rows and lose the good ones. A row staging accepted has its columns read from the file again
     * ({@link OriginalRows}): staging keeps only the checked values.
     */
    private void writeReport(long importId, CatalogMapping mapping, OriginalRows originals, Path target,
                             boolean everyRow) {
        List<String> names = mapping.names();
        try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             ErrorReport report = new ErrorReport(out, names)) {
            Consumer<CatalogImports.Reported> add = r -> {
                RowError p = r.problems();
                List<RowError> problems = p.code() == null ? List.of() : List.of(new RowError(p.row(),
                        Arrays.stream(p.column().split("; ", -1)).map(mapping::column)
                                .collect(Collectors.joining("; ")), p.code(), p.message(), p.value()));
                // staging keeps no copy of an accepted row's columns: those come from the file
                report.add(r.row(), problems, r.original() != null ? r.original() : originals.row(r.row()), names);
            };
            if (everyRow) {
                imports.forEachRow(importId, add);
            } else {
                imports.forEachReported(importId, add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the error report " + target + ": " + e.getMessage(), e);
        }
    }
}
