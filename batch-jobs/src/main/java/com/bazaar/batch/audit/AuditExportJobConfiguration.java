package com.bazaar.batch.audit;

import com.bazaar.batch.support.JobLogContext;
import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.support.ProgressListener;
import com.bazaar.domain.audit.application.ExportAudit;
import com.bazaar.domain.audit.AuditRecord;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * The audit export job (auditor role only): streams the records of [from, to) in sequence order to a file, in bounded
 * memory (pages of 1000 by sequence number). Restartable without duplicating a line: the reader saves the last
 * exported sequence number and the writer the file's length after each chunk; on restart the file is cut back to that
 * length. Identifying parameters: from, to, format. The export is audited when it completes.
 */
@Configuration
public class AuditExportJobConfiguration {

    public static final String JOB = "audit-export";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String FORMAT = "format";
    public static final String OUT = "out";
    /** The outcome kept in the job's execution context: records exported, first and last seq, the file's sha256. */
    public static final String RECORDS = "records";
    public static final String FIRST_SEQ = "first_seq";
    public static final String LAST_SEQ = "last_seq";
    public static final String SHA256 = "sha256";

    /** Reader (keyset pages) and writer (positioned appends) of the export step. */
    static final class Steps implements ItemStreamReader<AuditRecord>, ItemStreamWriter<AuditRecord>,
            StepExecutionListener {
        private final ExportAudit export;
        private final CurrentActor actor;
        private final Deque<AuditRecord> buffer = new ArrayDeque<>();
        private Instant from;
        private Instant to;
        private String format;
        private Path out;
        private long lastSeq;
        private FileChannel file;
        private StepExecution step;

        Steps(ExportAudit export, CurrentActor actor) {
            this.export = export;
            this.actor = actor;
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            step = stepExecution;
            var p = stepExecution.getJobExecution().getJobParameters();
            from = Instant.parse(p.getString(FROM));
            to = Instant.parse(p.getString(TO));
            format = p.getString(FORMAT);
            out = Path.of(p.getString(OUT));
            export.authorise(actor.get());
        }

        @Override
        public void open(ExecutionContext context) {
            lastSeq = context.getLong("auditExportReader.lastSeq", 0L);
            long length = context.getLong("auditExportWriter.length", -1L);
            try {
                file = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (length < 0) {
                    file.truncate(0);
                    writeFully(AuditExportFormat.header(format).getBytes(StandardCharsets.UTF_8));
                } else if (file.size() < length) {
                    // resuming into a file that lost what the interrupted run wrote would export a file without its
                    // first records that still verifies: refuse
                    throw new IllegalStateException("cannot resume the export: " + out + " holds " + file.size()
                            + " bytes but the interrupted run had written " + length + "; restore that file, or"
                            + " export again to a new --out");
                } else {
                    file.truncate(length);
                }
                file.position(file.size());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
        }

        @Override
        public AuditRecord read() {
            if (buffer.isEmpty()) {
                buffer.addAll(export.page(actor.get(), lastSeq, from, to, 1000));
                if (buffer.isEmpty()) {
                    return null;
                }
            }
            AuditRecord r = buffer.poll();
            lastSeq = r.seq();
            return r;
        }

        @Override
        public void write(Chunk<? extends AuditRecord> chunk) {
            StringBuilder text = new StringBuilder();
            for (AuditRecord r : chunk.getItems()) {
                text.append(AuditExportFormat.line(r, format));
                var ctx = step.getExecutionContext();
                if (!ctx.containsKey("export.firstSeq")) {
                    ctx.putLong("export.firstSeq", r.seq());
                }
                ctx.putLong("export.lastSeq", r.seq());
            }
            try {
                writeFully(text.toString().getBytes(StandardCharsets.UTF_8));
                file.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
        }

        /** A channel may write fewer bytes than asked (a nearly full disk): loop, so a chunk is whole or fails. */
        private void writeFully(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
        }

        @Override
        public void update(ExecutionContext context) {
            // called at a chunk boundary: every record handed out (up to lastSeq) is written; read-ahead records
            // still in the buffer were not handed out, and a restart reads them again
            context.putLong("auditExportReader.lastSeq", lastSeq);
            try {
                context.putLong("auditExportWriter.length", file.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                if (file != null) {
                    file.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Bean
    Steps auditExportSteps(ExportAudit exportAudit, CurrentActor actor) {
        return new Steps(exportAudit, actor);
    }

    @Bean
    Step auditExportWrite(JobRepository jobRepository, Steps steps, ProgressListener progress) {
        return new StepBuilder("export", jobRepository).<AuditRecord, AuditRecord>chunk(1000)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(steps).writer(steps).listener(steps).listener(progress)
                .build();
    }

    @Bean
    Step auditExportRecord(JobRepository jobRepository, ExportAudit exportAudit, CurrentActor actor) {
        Tasklet record = (contribution, chunkContext) -> {
            var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            var p = jobExecution.getJobParameters();
            var exportStep = jobExecution.getStepExecutions().stream().filter(s -> s.getStepName().equals("export"))
                    .findFirst().orElseThrow();
            var ctx = exportStep.getExecutionContext();
            long records = exportStep.getWriteCount();
            long first = ctx.getLong("export.firstSeq", 0L);
            long last = ctx.getLong("export.lastSeq", 0L);
            String sha = sha256(Path.of(p.getString(OUT)));
            exportAudit.recordExport(actor.get(), Instant.parse(p.getString(FROM)), Instant.parse(p.getString(TO)),
                    p.getString(FORMAT), records, first, last, sha);
            var job = jobExecution.getExecutionContext();
            job.putLong(RECORDS, records);
            job.putLong(FIRST_SEQ, first);
            job.putLong(LAST_SEQ, last);
            job.putString(SHA256, sha);
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder("record", jobRepository).tasklet(record, new ResourcelessTransactionManager()).build();
    }

    static String sha256(Path file) throws Exception {
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = java.nio.file.Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Bean
    Job auditExportJob(JobRepository jobRepository, Step auditExportWrite, Step auditExportRecord) {
        return new JobBuilder(JOB, jobRepository).listener(new JobLogContext()).start(auditExportWrite).next(auditExportRecord).build();
    }
}
