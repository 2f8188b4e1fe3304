package com.bazaar.batch.partition;

import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.operations.StagedRows;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads one partition's rows - rows {@link #FROM} to {@link #TO} of the job's staged input - in order, a page at a
 * time, and saves after each chunk the last row it handed out: a partition run again resumes after its last chunk.
 */
public final class StagedRowReader implements ItemStreamReader<CsvRecord>, StepExecutionListener {

    /** Keys of a partition's step execution context: its first and last row. */
    public static final String FROM = "rows.from";
    public static final String TO = "rows.to";
    private static final String LAST = "rows.last";
    private static final int PAGE = 200;

    private final StagedRows rows;
    private final Deque<CsvRecord> page = new ArrayDeque<>();
    private long jobId;
    private long to;
    private long last;
    private boolean exhausted;

    public StagedRowReader(StagedRows rows) {
        this.rows = rows;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
    }

    @Override
    public void open(ExecutionContext context) {
        to = context.getLong(TO);
        last = context.getLong(LAST, context.getLong(FROM) - 1);
        page.clear();
        exhausted = false;
    }

    @Override
    public CsvRecord read() {
        if (page.isEmpty() && !exhausted) {
            long after = last;
            for (StagedRows.Row r : rows.read(jobId, after, to, PAGE)) {
                page.add(new CsvRecord(r.row(), r.fields(), r.problem().orElse(null)));
            }
            exhausted = page.size() < PAGE;
        }
        CsvRecord next = page.poll();
        if (next != null) {
            last = next.row();
        }
        return next;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(LAST, last);
    }

    /** {@code parts} contiguous ranges of rows {@code first..last}, as partitions of a staged input. */
    public static java.util.Map<String, ExecutionContext> ranges(long first, long last, int parts) {
        java.util.Map<String, ExecutionContext> contexts = new java.util.LinkedHashMap<>();
        long size = last - first + 1;
        int n = (int) Math.max(1, Math.min(parts, size));
        for (int i = 0; i < n; i++) {
            var context = new ExecutionContext();
            context.putLong(FROM, first + size * i / n);
            context.putLong(TO, first + size * (i + 1) / n - 1);
            contexts.put("partition" + i, context);
        }
        return contexts;
    }
}
