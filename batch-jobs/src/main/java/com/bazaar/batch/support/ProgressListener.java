package com.bazaar.batch.support;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.ChunkContext;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Shows progress while a step runs: rows read and rows per second, at most once a second. On a terminal the line is
 * redrawn in place; otherwise (logs, CI) it prints a plain line every few seconds.
 */
public final class ProgressListener implements ChunkListener<Object, Object> {

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long started;
    private long lastShown;

    public ProgressListener(PrintWriter out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    private long rows;

    @Override
    public void afterChunk(org.springframework.batch.infrastructure.item.Chunk<Object> chunk) {
        rows += chunk.size();
        show(rows);
    }

    @Override
    public void afterChunk(ChunkContext context) {
        show(Math.max(rows, context.getStepContext().getStepExecution().getReadCount()));
    }

    private void show(long read) {
        long now = nanoTime.getAsLong();
        if (started == 0) {
            started = now;
        }
        long interval = terminal ? 1_000_000_000L : 5_000_000_000L;
        if (now - started < interval || now - lastShown < interval) {
            return;
        }
        lastShown = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        String line = String.format("%,d rows read, %,.0f rows/s", read, read / seconds);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }
}
