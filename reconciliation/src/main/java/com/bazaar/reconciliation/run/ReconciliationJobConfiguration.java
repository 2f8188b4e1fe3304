package com.bazaar.reconciliation.run;

import com.bazaar.batch.support.JobLogContext;
import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.input.JobInput;
import com.bazaar.batch.input.Snapshot;
import com.bazaar.domain.reconciliation.application.RunReconciliation;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.reconciliation.SettlementLine;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.reconciliation.settlement.LinesRead;
import com.bazaar.reconciliation.settlement.SettlementFormats;
import com.bazaar.reconciliation.settlement.SettlementParser;
import com.bazaar.reconciliation.settlement.SettlementRecord;
import com.bazaar.reconciliation.settlement.StripeReference;
import com.bazaar.batch.partition.Partitions;
import com.bazaar.batch.partition.RemotePartitions;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciliation job. Identifying parameters: provider + file checksum (the same file is one run: running it again
 * does nothing). Step {@code stage} parses the file and stages every line (or records why it could not be read) in one
 * transaction - a restart stages the file again from scratch, so nothing is staged twice; it parses only a private
 * copy proven to be the bytes of the run ({@link JobInput#snapshot}: a file changed since is refused, exit 6); step {@code classify} runs the
 * set-based matching once, audited. A file covering payouts an earlier run reconciled needs {@code supersede=true}.
 */
@Configuration
public class ReconciliationJobConfiguration {

    public static final String JOB = "reconciliation";
    public static final String PROVIDER = "provider";
    public static final String SHA256 = "sha256";
    public static final String FILE = "file";
    public static final String SUPERSEDE = "supersede";
    public static final String PAYOUT_DATE = "payout-date";
    public static final String GRACE_DAYS = "grace-days";
    /** Where the Stripe parser reads references ({@code recon.stripe.reference}): identifying when not the default. */
    public static final String STRIPE_REFERENCE = "stripe-reference";

    @Bean
    Step reconciliationStage(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                             Reconciliations reconciliations, RunReconciliation runReconciliation, CurrentActor actor) {
        Tasklet stage = (contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            var p = execution.getJobParameters();
            long runId = execution.getJobInstance().getInstanceId();
            Path file = Path.of(p.getString(FILE));
            List<SettlementLine> batch = new ArrayList<>();
            LinesRead read = new LinesRead();
            SettlementParser parser = SettlementFormats.named(p.getString(PROVIDER), stripeReference(p));
            boolean byCharge = "stripe".equals(p.getString(PROVIDER)) && stripeReference(p).readsChargeId();
            // parse only a private copy proven to be the bytes of this run, before anything is staged
            try (Snapshot snapshot = JobInput.of(execution, jobRepository).snapshot();
                 InputStream in = snapshot.open()) {
                runReconciliation.begin(actor.get(), runId, p.getString(PROVIDER), p.getString(SHA256),
                        file.getFileName().toString());
                // one stream of lines (one COPY) while the file is parsed, paused only where the transaction is
                // needed for something else: a problem line, the look-up of a batch's charges
                try (Reconciliations.LineStream staging = reconciliations.stream(runId)) {
                    parser.parse(in, record -> {
                        batch.add(line(record));
                        read.record();
                        if (batch.size() == 1000) {
                            stageBatch(staging, batch, byCharge, reconciliations);
                            batch.clear();
                        }
                    }, problem -> {
                        read.problem(problem);
                        staging.pause();
                        reconciliations.problem(runId, problem.line(), problem.reason(), problem.raw());
                    });
                    // a file none of whose lines could be read is refused as a whole: the step's transaction rolls
                    // back, so nothing of it is kept, and the run is rejected, not failed (ADR 0013)
                    read.refusal(file.toString(), parser.name()).ifPresent(reason -> {
                        throw new JobRejected(reason);
                    });
                    stageBatch(staging, batch, byCharge, reconciliations);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the copy of " + file + ": " + e.getMessage(), e);
            }
            for (long i = 0; i < read.records() + read.problems(); i++) {
                contribution.incrementReadCount();
            }
            contribution.incrementWriteCount(read.records());
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("stage", jobRepository).tasklet(stage, transactionManager).build();
    }

    private static void stageBatch(Reconciliations.LineStream staging, List<SettlementLine> batch, boolean byCharge,
                                   Reconciliations reconciliations) {
        if (byCharge) {
            staging.pause(); // the look-up needs the transaction
            staging.stage(byPayment(batch, reconciliations));
        } else {
            staging.stage(batch);
        }
    }

    /**
     * The lines whose reference is their charge id, with the id of the Bazaar payment whose provider reference that
     * charge is, where there is one (the classification finds payments by id); the charge id stays on the line. A
     * charge Bazaar does not know keeps its reference (MISSING_IN_LEDGER, naming the charge).
     */
    static List<SettlementLine> byPayment(List<SettlementLine> lines, Reconciliations reconciliations) {
        List<String> charges = lines.stream().filter(ReconciliationJobConfiguration::namedByCharge)
                .map(l -> l.chargeId().orElseThrow()).toList();
        Map<String, Long> payments = reconciliations.paymentsByProviderReference(charges);
        if (payments.isEmpty()) {
            return lines;
        }
        return lines.stream().map(l -> !namedByCharge(l) || !payments.containsKey(l.chargeId().orElseThrow()) ? l
                : new SettlementLine(l.line(), l.providerReference(),
                        Optional.of(Long.toString(payments.get(l.chargeId().orElseThrow()))), l.type(), l.gross(),
                        l.fee(), l.net(), l.exchangeRate(), l.bookingDate(), l.payoutId(), l.chargeId(),
                        l.sourceId())).toList();
    }

    private static boolean namedByCharge(SettlementLine l) {
        return l.chargeId().isPresent() && l.merchantReference().equals(l.chargeId());
    }

    static SettlementLine line(SettlementRecord r) {
        return new SettlementLine(r.line(), r.providerReference(), r.merchantReference(), r.type().name(), r.gross(),
                r.fee(), r.net(), r.exchangeRate(), r.bookingDate(), r.payoutId(), r.chargeId(), r.sourceId());
    }

    /** The run's {@value #STRIPE_REFERENCE} parameter; absent (runs before it existed, the default): the default. */
    static StripeReference stripeReference(JobParameters p) {
        String spec = p.getString(STRIPE_REFERENCE);
        return spec == null || spec.isBlank() ? StripeReference.defaults() : StripeReference.parse(spec);
    }

    @Bean
    Step reconciliationClassify(JobRepository jobRepository, RunReconciliation runReconciliation, CurrentActor actor) {
        Tasklet classify = (contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            var p = execution.getJobParameters();
            long runId = execution.getJobInstance().getInstanceId();
            String date = p.getString(PAYOUT_DATE);
            String grace = p.getString(GRACE_DAYS);
            runReconciliation.classify(actor.get(), runId, "true".equals(p.getString(SUPERSEDE)),
                    grace == null || grace.isBlank() ? 2 : Integer.parseInt(grace),
                    date == null || date.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(date)));
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("classify", jobRepository).tasklet(classify, new ResourcelessTransactionManager()).build();
    }

    /** Partitioned: the run checked before its partitions start (an overlapping file is refused at once). */
    @Bean
    Step reconciliationPrepare(JobRepository jobRepository, RunReconciliation runReconciliation, CurrentActor actor) {
        Tasklet prepare = (contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            runReconciliation.prepare(actor.get(), execution.getJobInstance().getInstanceId(),
                    "true".equals(execution.getJobParameters().getString(SUPERSEDE)));
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("prepare", jobRepository).tasklet(prepare, new ResourcelessTransactionManager()).build();
    }

    /**
     * Partitioned: the lines of one partition classified in the step's transaction, so that its items and the step's
     * end commit together; a partition run again (its worker died) adds nothing (one item per line).
     */
    @Bean
    Step reconciliationClassifyPartition(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                         RemotePartitions partitions, RunReconciliation runReconciliation,
                                         CurrentActor actor, ListableBeanFactory beanFactory) {
        Tasklet classify = (contribution, chunkContext) -> {
            var step = chunkContext.getStepContext().getStepExecution();
            var context = step.getExecutionContext();
            runReconciliation.classifyPart(actor.get(), step.getJobExecution().getJobInstance().getInstanceId(),
                    context.getInt(Partitions.PART), context.getInt(Partitions.PARTS));
            return RepeatStatus.FINISHED;
        };
        return partitions.worker(CLASSIFY_PARTITION, jobRepository, beanFactory).tasklet(classify, transactionManager)
                .build();
    }

    @Bean
    Step reconciliationClassifyPartitions(JobRepository jobRepository, RemotePartitions partitions,
                                          ListableBeanFactory beanFactory) {
        return partitions.manager("classify-partitions", CLASSIFY_PARTITION,
                Partitions.counted((manager, parts) -> Partitions.numbered(parts)), jobRepository, beanFactory);
    }

    /** Partitioned: the rest of the classification once every partition ended, audited once. */
    @Bean
    Step reconciliationComplete(JobRepository jobRepository, RunReconciliation runReconciliation, CurrentActor actor) {
        Tasklet complete = (contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            var p = execution.getJobParameters();
            String date = p.getString(PAYOUT_DATE);
            String grace = p.getString(GRACE_DAYS);
            runReconciliation.complete(actor.get(), execution.getJobInstance().getInstanceId(),
                    "true".equals(p.getString(SUPERSEDE)), grace == null || grace.isBlank() ? 2 : Integer.parseInt(grace),
                    date == null || date.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(date)));
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("complete", jobRepository).tasklet(complete, new ResourcelessTransactionManager())
                .build();
    }

    /** The step a partition of the classification runs. */
    public static final String CLASSIFY_PARTITION = "classify-partition";

    @Bean
    Job reconciliationJob(JobRepository jobRepository, Step reconciliationStage, Step reconciliationClassify,
                          Step reconciliationPrepare, Step reconciliationClassifyPartitions,
                          Step reconciliationComplete) {
        JobExecutionDecider partitioned = Partitions.decider();
        return new JobBuilder(JOB, jobRepository).listener(new JobLogContext())
                .start(reconciliationStage).next(partitioned)
                .on(Partitions.PARTITIONED).to(reconciliationPrepare).next(reconciliationClassifyPartitions)
                .next(reconciliationComplete)
                .from(partitioned).on("*").to(reconciliationClassify)
                .end().build();
    }
}
