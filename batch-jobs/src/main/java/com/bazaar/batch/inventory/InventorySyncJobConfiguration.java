package com.bazaar.batch.inventory;

import com.bazaar.batch.support.JobLogContext;
import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.support.ImportOutcome;
import com.bazaar.batch.support.ImportParameters;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.support.ErrorReport;
import com.bazaar.batch.support.ProgressListener;
import com.bazaar.batch.csv.CsvFileReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.batch.input.JobInput;
import com.bazaar.domain.inventory.application.SyncInventory;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.inventory.InventorySyncs;
import com.bazaar.domain.inventory.StockLine;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inventory sync job: {@code stage} (read, check, stage or reject; restartable like the catalog import) then
 * {@code finish}: unknown SKUs, repeated SKUs and counts below what is reserved are reported (BELOW_RESERVED) and the
 * rest applied in one audited transaction (plan: nothing changes).
 */
@Configuration
public class InventorySyncJobConfiguration {

    public static final String JOB = "inventory-sync";

    /** Processor, writer and step listener of the staging step. */
    static final class Steps implements ItemProcessor<CsvRecord, StockRows.Checked>, ItemWriter<StockRows.Checked>,
            StepExecutionListener {
        private final InventorySyncs syncs;
        private final SyncInventory useCase;
        private final CurrentActor actor;
        private final JobRepository jobRepository;
        final CsvFileReader reader;
        private StockRows rows;
        private long syncId;
        private Path file;

        Steps(InventorySyncs syncs, SyncInventory useCase, CurrentActor actor, JobRepository jobRepository) {
            this.syncs = syncs;
            this.useCase = useCase;
            this.actor = actor;
            this.jobRepository = jobRepository;
            this.reader = new CsvFileReader("stockFileReader", fields -> rows = StockRows.parseHeader(fields, file));
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            var parameters = stepExecution.getJobExecution().getJobParameters();
            syncId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
            file = Path.of(parameters.getString(ImportParameters.FILE));
            Seller ignored = useCase.authorise(actor.get(), SellerCode.of(parameters.getString(ImportParameters.SELLER)));
            reader.input(JobInput.of(stepExecution.getJobExecution(), jobRepository));
        }

        @Override
        public StockRows.Checked process(CsvRecord record) {
            return rows.check(record);
        }

        @Override
        public void write(Chunk<? extends StockRows.Checked> chunk) {
            List<StockLine> lines = new ArrayList<>();
            List<List<String>> originals = new ArrayList<>();
            List<CatalogImports.Rejection> rejections = new ArrayList<>();
            for (StockRows.Checked c : chunk.getItems()) {
                if (c.line().isPresent()) {
                    lines.add(c.line().get());
                    originals.add(c.original());
                } else {
                    rejections.add(new CatalogImports.Rejection(c.row(), c.errors(), c.original()));
                }
            }
            syncs.stage(syncId, lines, originals);
            syncs.reject(syncId, rejections);
        }
    }

    @Bean
    Steps inventorySyncSteps(InventorySyncs syncs, SyncInventory syncInventory, CurrentActor actor,
                             JobRepository jobRepository) {
        return new Steps(syncs, syncInventory, actor, jobRepository);
    }

    @Bean
    Step inventorySyncStage(JobRepository jobRepository, PlatformTransactionManager transactionManager, Steps steps,
                            ProgressListener progress) {
        return new StepBuilder("stage", jobRepository).<CsvRecord, StockRows.Checked>chunk(1000)
                .transactionManager(transactionManager)
                .reader(steps.reader).processor(steps).writer(steps)
                .listener(steps).listener(progress)
                .build();
    }

    @Bean
    Step inventorySyncFinish(JobRepository jobRepository, SyncInventory syncInventory, InventorySyncs syncs,
                             CurrentActor actor) {
        Tasklet finish = (contribution, chunkContext) -> {
            var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            var p = jobExecution.getJobParameters();
            long syncId = jobExecution.getJobInstance().getInstanceId();
            SellerCode seller = SellerCode.of(p.getString(ImportParameters.SELLER));
            Path file = Path.of(p.getString(ImportParameters.FILE));
            String report = p.getString(ImportParameters.ERROR_REPORT);
            // the report's header comes from the job's own bytes, proven before anything is applied
            List<String> header = report == null || report.isBlank() ? null
                    : CsvFileReader.header(JobInput.of(jobExecution, jobRepository));
            var outcome = "apply".equals(p.getString(ImportParameters.MODE))
                    ? syncInventory.apply(actor.get(), seller, syncId, p.getString(ImportParameters.SHA256),
                    file.getFileName().toString())
                    : syncInventory.plan(actor.get(), seller, syncId);
            ImportOutcome.record(jobExecution.getExecutionContext(), 0, outcome.plan().update(),
                    outcome.plan().unchanged(), outcome.plan().rejected(), outcome.applied(), outcome.refusal(),
                    outcome.plan().sampleChanges(), List.of());
            if (header != null) {
                try (Writer out = Files.newBufferedWriter(Path.of(report), StandardCharsets.UTF_8);
                     ErrorReport errors = new ErrorReport(out, header)) {
                    syncs.forEachRejection(syncId, r -> errors.add(r.row(), r.errors(), r.original(), null));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the error report " + report, e);
                }
            }
            outcome.refusal().ifPresent(r -> contribution.setExitStatus(JobRejected.exitStatus(r)));
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("finish", jobRepository).tasklet(finish, new ResourcelessTransactionManager()).build();
    }

    @Bean
    Job inventorySyncJob(JobRepository jobRepository, Step inventorySyncStage, Step inventorySyncFinish) {
        return new JobBuilder(JOB, jobRepository).listener(new JobLogContext()).start(inventorySyncStage).next(inventorySyncFinish).build();
    }
}
