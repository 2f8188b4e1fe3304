package com.bazaar.batch.refunds;

import com.bazaar.batch.support.JobLogContext;
import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.support.ImportParameters;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.support.ErrorReport;
import com.bazaar.batch.support.ProgressListener;
import com.bazaar.batch.csv.CsvFileReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.batch.input.JobInput;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.payment.application.SettleInDoubtPayments;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.ImportRejections;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.IdempotencyKey;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import com.bazaar.batch.partition.Partitions;
import com.bazaar.batch.partition.RemotePartitions;
import com.bazaar.batch.partition.StagedRowReader;
import com.bazaar.domain.operations.StagedRows;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The refunds job: rows {@code payment_ref,amount,currency,reason,idempotency_key}. Step {@code refund} issues each row
 * through the same use case as {@code bazaar refund create}: its idempotency key makes it exactly-once however often the
 * file is run or restarted (a repeated row returns the refund it made, never a second one). The step has no chunk
 * transaction on purpose: each refund calls the provider between its own transactions. Step {@code settle-pending} is
 * the janitor: refunds the provider left PENDING or UNKNOWN are settled by asking the provider, never by refunding
 * again. A row the domain refuses (more than is left to refund, wrong currency, unknown payment) is reported.
 */
@Configuration
public class RefundsJobConfiguration {

    public static final String JOB = "refunds";
    /** The outcome kept in the job's execution context by the last step: rows per outcome, settled, rejected. */
    public static final String SUCCEEDED = "refunds.succeeded";
    public static final String FAILED = "refunds.failed";
    public static final String PENDING = "refunds.pending";
    public static final String REPLAYED = "refunds.replayed";
    public static final String WOULD_REFUND = "refunds.would-refund";
    public static final String SETTLED_PENDING = "refunds.settled-pending";
    public static final String REJECTED = "rejected";
    static final List<String> COLUMNS = List.of("payment_ref", "amount", "currency", "reason", "idempotency_key");

    /** Reader header handling, and the writer that refunds (apply) or checks (plan) each row. */
    static final class Steps implements ItemWriter<CsvRecord>, StepExecutionListener {
        private final IssueRefund refunds;
        private final ImportRejections rejections;
        private final CurrentActor actor;
        private final JobRepository jobRepository;
        private final java.util.Optional<StagedRows> staged;
        final CsvFileReader reader;
        private Map<String, Integer> index;
        private int width;
        private long jobId;
        private boolean apply;
        private StepExecution step;

        /** @param staged the staged rows whose header a partition reads; empty: the step reads the file */
        Steps(IssueRefund refunds, ImportRejections rejections, CurrentActor actor, JobRepository jobRepository,
              java.util.Optional<StagedRows> staged) {
            this.refunds = refunds;
            this.rejections = rejections;
            this.actor = actor;
            this.jobRepository = jobRepository;
            this.staged = staged;
            this.reader = new CsvFileReader("refundFileReader", this::header);
        }

        private void header(List<String> fields) {
            index = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).strip().toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(name)) {
                    throw new JobRejected("unknown column '" + fields.get(i).strip() + "' (a refunds file has "
                            + String.join(", ", COLUMNS) + ")");
                }
                index.put(name, i);
            }
            for (String c : COLUMNS) {
                if (!index.containsKey(c)) {
                    throw new JobRejected("required column '" + c + "' is missing");
                }
            }
            width = fields.size();
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            this.step = stepExecution;
            var p = stepExecution.getJobExecution().getJobParameters();
            jobId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
            apply = "apply".equals(p.getString(ImportParameters.MODE));
            if (staged.isPresent()) {
                header(staged.get().header(jobId).orElseThrow(() -> new IllegalStateException(
                        "the refunds file of job " + jobId + " is not staged")));
            } else {
                reader.input(JobInput.of(stepExecution.getJobExecution(), jobRepository));
            }
        }

        @Override
        public void write(Chunk<? extends CsvRecord> chunk) {
            List<CatalogImports.Rejection> rejected = new ArrayList<>();
            var counts = step.getExecutionContext();
            for (CsvRecord record : chunk.getItems()) {
                String problem = record.readable() ? (record.fields().size() != width ? "the row has "
                        + record.fields().size() + " columns, the header has " + width : null) : record.problem();
                if (problem != null) {
                    rejected.add(new CatalogImports.Rejection(record.row(), List.of(new RowError(record.row(), "",
                            "ROW_UNREADABLE", problem, "")), record.fields()));
                    continue;
                }
                try {
                    var command = command(record);
                    if (apply) {
                        var issued = refunds.issue(command);
                        String key = issued.refund().status() == Refund.Status.SUCCEEDED ? SUCCEEDED
                                : issued.refund().status() == Refund.Status.FAILED ? FAILED : PENDING;
                        counts.putLong(key, counts.getLong(key, 0) + 1);
                        if (issued.replayed()) {
                            counts.putLong(REPLAYED, counts.getLong(REPLAYED, 0) + 1);
                        }
                    } else {
                        refunds.check(command);
                        counts.putLong(WOULD_REFUND, counts.getLong(WOULD_REFUND, 0) + 1);
                    }
                } catch (DomainException e) {
                    rejected.add(new CatalogImports.Rejection(record.row(), List.of(new RowError(record.row(),
                            e instanceof com.bazaar.domain.shared.ValidationException v ? v.field() : "", e.code(),
                            e.getMessage(), "")), record.fields()));
                }
            }
            rejections.reject(jobId, rejected);
        }

        private IssueRefund.Command command(CsvRecord r) {
            String payment = value(r, "payment_ref");
            long id = com.bazaar.domain.shared.Numbers.id(payment.replaceFirst("^pay_", ""), "payment_ref",
                    "PAYMENT_REF_INVALID", "payment_ref must be a Bazaar payment id such as 5001");
            var refund = new IssueRefund.Command(actor.get(), new IdempotencyKey(value(r, "idempotency_key")),
                    new PaymentId(id), value(r, "amount"), value(r, "reason"));
            CurrencyCode currency = CurrencyCode.of(value(r, "currency"));
            refunds.requireCurrency(refund.payment(), currency);
            return refund;
        }

        private String value(CsvRecord r, String column) {
            return r.fields().get(index.get(column)).strip();
        }
    }

    @Bean
    Steps refundSteps(IssueRefund issueRefund, ImportRejections importRejections, CurrentActor actor,
                      JobRepository jobRepository) {
        return new Steps(issueRefund, importRejections, actor, jobRepository, java.util.Optional.empty());
    }

    /** Partitioned: the file staged as rows in one transaction (row 0 its header), for partitions on any host. */
    @Bean
    Step refundsStageRows(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          StagedRows stagedRows) {
        Tasklet stage = (contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            long jobId = execution.getJobInstance().getInstanceId();
            List<StagedRows.Row> batch = new ArrayList<>();
            var reader = new CsvFileReader("refundStageReader", header -> batch.add(new StagedRows.Row(0, header,
                    java.util.Optional.empty())));
            reader.input(JobInput.of(execution, jobRepository));
            stagedRows.clear(jobId);
            reader.open(new org.springframework.batch.infrastructure.item.ExecutionContext());
            try {
                for (CsvRecord r = reader.read(); r != null; r = reader.read()) {
                    batch.add(new StagedRows.Row(r.row(), r.readable() ? r.fields() : List.of(),
                            java.util.Optional.ofNullable(r.problem())));
                    contribution.incrementReadCount();
                    if (batch.size() == 1000) {
                        stagedRows.stage(jobId, batch);
                        batch.clear();
                        reader.update(new org.springframework.batch.infrastructure.item.ExecutionContext());
                    }
                }
                stagedRows.stage(jobId, batch);
            } finally {
                reader.close();
            }
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("stage-rows", jobRepository).tasklet(stage, transactionManager).build();
    }

    /** Partitioned: the rows of one partition, issued exactly as step {@code refund} issues them. */
    @Bean
    Step refundsIssuePartition(JobRepository jobRepository, RemotePartitions partitions, IssueRefund issueRefund,
                               ImportRejections importRejections, CurrentActor actor, StagedRows stagedRows,
                               ProgressListener progress, ListableBeanFactory beanFactory) {
        var steps = new Steps(issueRefund, importRejections, actor, jobRepository, java.util.Optional.of(stagedRows));
        var reader = new StagedRowReader(stagedRows);
        return partitions.worker(ISSUE_PARTITION, jobRepository, beanFactory).<CsvRecord, CsvRecord>chunk(100)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(reader).writer(steps).listener(steps).listener(reader).listener(progress)
                .build();
    }

    @Bean
    Step refundsIssuePartitions(JobRepository jobRepository, RemotePartitions partitions, StagedRows stagedRows,
                                ListableBeanFactory beanFactory) {
        return partitions.manager("refund-partitions", ISSUE_PARTITION, Partitions.counted((manager, parts) -> {
            long jobId = manager.getJobExecution().getJobInstance().getInstanceId();
            return stagedRows.range(jobId).map(r -> StagedRowReader.ranges(r[0], r[1], parts))
                    .orElse(java.util.Map.of());
        }), jobRepository, beanFactory);
    }

    /** The step a partition of the refunds runs. */
    public static final String ISSUE_PARTITION = "refund-partition";

    @Bean
    Step refundsIssue(JobRepository jobRepository, Steps steps, ProgressListener progress) {
        return new StepBuilder("refund", jobRepository).<CsvRecord, CsvRecord>chunk(100)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(steps.reader).writer(steps).listener(steps).listener(progress)
                .build();
    }

    @Bean
    Step refundsSettlePending(JobRepository jobRepository, SettleInDoubtPayments janitor, ImportRejections rejections,
                              CurrentActor actor, StagedRows stagedRows) {
        Tasklet settle = (contribution, chunkContext) -> {
            var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            var p = jobExecution.getJobParameters();
            long jobId = jobExecution.getJobInstance().getInstanceId();
            boolean apply = "apply".equals(p.getString(ImportParameters.MODE));
            String report = p.getString(ImportParameters.ERROR_REPORT);
            // the report's header comes from the job's own bytes, proven before anything is settled
            List<String> header = report == null || report.isBlank() ? null
                    : CsvFileReader.header(JobInput.of(jobExecution, jobRepository));
            int settled = apply ? janitor.settleRefunds(actor.get()) : 0;
            var context = jobExecution.getExecutionContext();
            // the refund step's counts, or the sum of its partitions' (as their workers saved them)
            List<org.springframework.batch.infrastructure.item.ExecutionContext> counts = jobExecution
                    .getStepExecutions().stream().filter(s -> s.getStepName().equals("refund")
                            || s.getStepName().startsWith(ISSUE_PARTITION + ":"))
                    .map(s -> jobRepository.getStepExecution(s.getId()).getExecutionContext()).toList();
            for (String key : List.of(SUCCEEDED, FAILED, PENDING, REPLAYED, WOULD_REFUND)) {
                context.putLong(key, counts.stream().mapToLong(c -> c.getLong(key, 0)).sum());
            }
            stagedRows.clear(jobId);
            context.putLong(SETTLED_PENDING, settled);
            context.putLong(REJECTED, rejections.count(jobId));
            if (header != null) {
                try (Writer out = Files.newBufferedWriter(Path.of(report), StandardCharsets.UTF_8);
                     ErrorReport errors = new ErrorReport(out, header)) {
                    rejections.forEach(jobId, r -> errors.add(r.row(), r.errors(), r.original(), null));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the error report " + report, e);
                }
            }
            long valid = List.of(SUCCEEDED, FAILED, PENDING, WOULD_REFUND).stream().mapToLong(context::getLong).sum();
            // a file none of whose rows could be issued is refused as a whole, as an import with no valid row is
            // (decided when the rows were issued in this execution: a restart that only settles has no counts)
            if (!counts.isEmpty() && valid == 0) {
                contribution.setExitStatus(JobRejected.exitStatus("the file has no valid row"
                        + (rejections.count(jobId) > 0 ? ": " + rejections.count(jobId) + " row(s) rejected" : "")));
            } else if (rejections.count(jobId) > 0) {
                contribution.setExitStatus(new ExitStatus("COMPLETED_WITH_REJECTIONS",
                        rejections.count(jobId) + " row(s) rejected"));
            }
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("settle-pending", jobRepository).tasklet(settle, new ResourcelessTransactionManager())
                .build();
    }

    @Bean
    Job refundsJob(JobRepository jobRepository, Step refundsIssue, Step refundsSettlePending, Step refundsStageRows,
                   Step refundsIssuePartitions) {
        var partitioned = Partitions.decider();
        return new JobBuilder(JOB, jobRepository).listener(new JobLogContext())
                .start(partitioned)
                .on(Partitions.PARTITIONED).to(refundsStageRows).next(refundsIssuePartitions).next(refundsSettlePending)
                .from(partitioned).on("*").to(refundsIssue).next(refundsSettlePending)
                // COMPLETED_WITH_REJECTIONS ends the job COMPLETED too (a flow fails on any status it has no way for),
                // and so does a file with no valid row (then recorded as rejected: RejectedRuns)
                .from(refundsSettlePending).on("COMPLETED*").end()
                .from(refundsSettlePending).on(JobRejected.EXIT_CODE).end()
                .end().build();
    }
}
