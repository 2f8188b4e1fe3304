package com.bazaar.batch.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private (0600) temporary copy of a job's input file whose bytes were proven to be the job's (see
 * {@link InputFile#snapshot}); only this process reads it. Closing it deletes it.
 */
public final class Snapshot implements AutoCloseable {

    private final Path copy;

    Snapshot(Path copy) {
        this.copy = copy;
    }

    /** A new stream over the proven bytes; the caller closes it. */
    public InputStream open() throws IOException {
        return Files.newInputStream(copy);
    }

    /** Where the copy is (for tests: its permissions, its deletion). */
    Path path() {
        return copy;
    }

    @Override
    public void close() {
        InputFile.delete(copy);
    }
}
