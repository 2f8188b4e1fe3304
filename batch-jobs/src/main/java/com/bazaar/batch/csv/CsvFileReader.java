package com.bazaar.batch.csv;

import com.bazaar.batch.JobRejected;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A named, restartable reader of a seller's CSV file: it reads the header (handing it to {@code onHeader}, which may
 * refuse the file), then hands out data records; it saves how many it has handed out under {@code <name>.rows} in the
 * step's execution context - committed with each chunk - and skips that many when the step restarts.
 */
public final class CsvFileReader implements ItemStreamReader<CsvRecord> {

    private final String name;
    private final Consumer<List<String>> onHeader;
    private Path file;
    private InputStream input;
    private CsvReader reader;
    private long handedOut;

    public CsvFileReader(String name, Consumer<List<String>> onHeader) {
        this.name = name;
        this.onHeader = onHeader;
    }

    /** The file of the current step execution (set before the step opens its streams). */
    public void file(Path file) {
        this.file = file;
    }

    public static List<String> header(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CsvReader reader = new CsvReader(in);
            if (!reader.hasNext()) {
                throw new JobRejected(file + " is empty: the file starts with a header row");
            }
            return reader.next().fields();
        } catch (IOException e) {
            throw new JobRejected("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            input = Files.newInputStream(file);
        } catch (IOException e) {
            throw new JobRejected("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        reader = new CsvReader(input);
        if (!reader.hasNext()) {
            throw new JobRejected(file + " is empty: the file starts with a header row");
        }
        onHeader.accept(reader.next().fields());
        handedOut = context.getLong(name + ".rows", 0L);
        committed = handedOut;
        for (long i = 0; i < handedOut && reader.hasNext(); i++) {
            reader.next();
        }
    }

    /** The position saved by the last chunk that committed. */
    private long committed;

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
        String key = name + ".rows";
        context.putLong(key, handedOut);
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // The position is saved with the chunk's rows, in its transaction. When that transaction does not commit
            // (the connection was lost), Spring Batch still saves the step's context when the step fails - so put
            // back the last committed position, or a restart would skip the rows of the chunk that was lost.
            long pending = handedOut;
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            if (status == STATUS_COMMITTED) {
                                committed = pending;
                            } else {
                                context.putLong(key, committed);
                            }
                        }
                    });
        }
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
}
