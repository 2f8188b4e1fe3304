package com.bazaar.batch.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far the file a job of this process is reading has been read: bytes consumed of its size, for the progress
 * line's percentage, estimated total and time left. One at a time per process (a process runs one job through
 * {@code Jobs}, under its run lease; partitions read staged rows, not files): the reader that opened last is the one
 * shown, and it stops being shown when it closes. Nothing here decides anything; it only describes.
 */
public final class ReadPosition implements AutoCloseable {

    /**
     * What the CSV reader holds read but not yet handed out, on average: it fills a buffer of 64 Ki characters at a
     * time, so the bytes consumed run 0 to about 72 KB ahead of the rows handed out (measured on a 50,000-row file);
     * half of that, not counted, centres the early estimate of the total.
     */
    static final long READ_AHEAD = 1 << 15;

    private static final AtomicReference<ReadPosition> CURRENT = new AtomicReference<>();

    private final AtomicLong consumed = new AtomicLong();
    private final long size;

    private ReadPosition(long size) {
        this.size = size;
    }

    /** Counts the bytes read from {@code in} (a file of {@code size} bytes) as the current read position. */
    public static InputStream track(InputStream in, long size, java.util.function.Consumer<ReadPosition> opened) {
        var position = new ReadPosition(size);
        CURRENT.set(position);
        opened.accept(position);
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    position.consumed.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    position.consumed.addAndGet(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                position.consumed.addAndGet(Math.max(0, skipped));
                return skipped;
            }
        };
    }

    /**
     * The part of the current file read so far, strictly between 0 and 1; empty when no file is being read, its size
     * is unknown, or it has been read to its end (its last bytes sit in the reader's buffer, so "all of it" says
     * nothing of the rows still to come).
     */
    public static OptionalDouble fraction() {
        var position = CURRENT.get();
        if (position == null || position.size <= 0) {
            return OptionalDouble.empty();
        }
        long consumed = position.consumed.get();
        long read = consumed - READ_AHEAD;
        return read <= 0 || consumed >= position.size ? OptionalDouble.empty()
                : OptionalDouble.of((double) read / position.size);
    }

    /** This file is no longer read: it stops being the current one (unless another has taken its place). */
    @Override
    public void close() {
        CURRENT.compareAndSet(this, null);
    }
}
