package com.bazaar.batch.csv;

import com.bazaar.batch.support.CommittedContext;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.input.JobInput;
import com.bazaar.batch.input.Snapshot;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A named, restartable reader of a seller's CSV file: it reads the header (handing it to {@code onHeader}, which may
 * refuse the file), then hands out data records; it saves how many it has handed out under {@code <name>.rows} in the
 * step's execution context - committed with each chunk - and skips that many when the step restarts.
 *
 * <p>It reads only a private snapshot of the job's file proven to be the bytes of the job ({@link JobInput#snapshot}),
 * deleted when the step closes. Besides the limits of {@link CsvReader}, the records handed out in one chunk (between
 * two saves of the position) hold at most {@value #MAX_CHUNK_CHARACTERS} characters together, so a chunk's memory is
 * bounded too; a file over it is refused.
 */
public final class CsvFileReader implements ItemStreamReader<CsvRecord> {

    /** The most characters the records of one chunk may hold together (16 MiB). */
    public static final long MAX_CHUNK_CHARACTERS = 16L << 20;

    private final String name;
    private final Consumer<List<String>> onHeader;
    private JobInput file;
    private Snapshot snapshot;
    private InputStream input;
    private com.bazaar.batch.support.ReadPosition position;
    private CsvReader reader;
    private long handedOut;
    private long chunkCharacters;
    private long chunkFirstRow;

    public CsvFileReader(String name, Consumer<List<String>> onHeader) {
        this.name = name;
        this.onHeader = onHeader;
    }

    /** The name its position is saved under in the step's execution context ({@code NAME.rows}). */
    public String name() {
        return name;
    }

    /** The input of the current step execution (set before the step opens its streams). */
    public void input(JobInput file) {
        this.file = file;
    }

    /** The header row of the job's file, read from a snapshot proven to be the job's bytes. */
    public static List<String> header(JobInput file) {
        try (Snapshot copy = file.snapshot(); InputStream in = copy.open()) {
            return header(new CsvReader(in), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the copy of " + file.file() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> header(CsvReader reader, JobInput file) {
        if (!reader.hasNext()) {
            throw new JobRejected(file.file() + " is empty: the file starts with a header row");
        }
        CsvRecord header = reader.next();
        if (!header.readable()) {
            throw new JobRejected(file.file() + ": the header cannot be read: " + header.problem());
        }
        return header.fields();
    }

    private static long size(JobInput file) {
        try {
            return java.nio.file.Files.readAttributes(file.file(), java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException | RuntimeException e) {
            return -1; // unknown: the progress line shows no percentage
        }
    }

    @Override
    public void open(ExecutionContext context) {
        snapshot = file.snapshot();
        try {
            // the bytes read, for the progress line's percentage (the size of the job's file: the snapshot is a copy)
            input = com.bazaar.batch.support.ReadPosition.track(snapshot.open(), size(file), p -> position = p);
        } catch (IOException e) {
            snapshot.close();
            throw new UncheckedIOException("cannot read the copy of " + file.file() + ": " + e.getMessage(), e);
        }
        try {
            reader = new CsvReader(input);
            onHeader.accept(header(reader, file));
            handedOut = context.getLong(name + ".rows", 0L);
            committed.opened(Map.of(name + ".rows", handedOut));
            for (long i = 0; i < handedOut && reader.hasNext(); i++) {
                reader.next();
            }
            chunkCharacters = 0;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The position saved by the last chunk that committed. */
    private final CommittedContext committed = new CommittedContext();

    @Override
    public CsvRecord read() {
        if (!reader.hasNext()) {
            return null;
        }
        handedOut++;
        CsvRecord record = reader.next();
        if (chunkCharacters == 0) {
            chunkFirstRow = record.row();
        }
        for (String field : record.fields()) {
            chunkCharacters += field.length();
        }
        if (chunkCharacters > MAX_CHUNK_CHARACTERS) {
            throw new JobRejected(file.file() + ": rows " + chunkFirstRow + " to " + record.row() + " hold more than "
                    + (MAX_CHUNK_CHARACTERS >> 20) + " MiB of text together, more than a job holds in memory at once;"
                    + " split the file into smaller ones");
        }
        return record;
    }

    @Override
    public void update(ExecutionContext context) {
        committed.save(context, Map.of(name + ".rows", handedOut));
        chunkCharacters = 0;
    }

    @Override
    public void close() {
        try {
            if (input != null) {
                input.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            input = null;
            if (position != null) {
                position.close();
                position = null;
            }
            if (snapshot != null) {
                snapshot.close();
                snapshot = null;
            }
        }
    }
}
