package com.bazaar.cli.audit;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.audit.AuditAnchor;
import com.bazaar.domain.audit.AuditAnchors;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.postgres.files.PrivateFiles;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The anchors file: one {@link AuditAnchor} per line, only ever appended to (O_APPEND), created 0600, never read or
 * written through a link, never written when it is another user's or others may write it ({@link PrivateFiles});
 * writers hold an exclusive lock while they read the last line and append. {@code $BAZAAR_HOME/audit.anchors} unless
 * {@code audit.anchors-file} or {@code --anchors} names another. Reading stops at the length the file had when
 * reading began, and never holds more than one line.
 */
public final class AnchorFile implements AuditAnchors {

    private static final String WHAT = "anchors file";
    /** How much of the end of the file is read to find the last line (a line is at most AuditAnchor.MAX_LINE). */
    private static final int TAIL = 4 * AuditAnchor.MAX_LINE;

    private final Path path;
    private final boolean required;
    private FileChannel writing;

    /**
     * @param required true when the file was named explicitly (it must exist to be read); false for the default,
     *                 which simply has no anchors until the first is written
     */
    public AnchorFile(Path path, boolean required) {
        this.path = path;
        this.required = required;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public Lines read() {
        if (!PrivateFiles.present(path)) {
            if (required) {
                throw new NotFound("ANCHORS_NOT_FOUND", "the anchors file " + path + " does not exist");
            }
            return new Lines() {
                @Override
                public Optional<Line> next() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
        }
        // a regular file, never through a link, never a FIFO or device (anyone's: a copy kept as evidence is fine)
        FileChannel channel = PrivateFiles.openRegularForReading(path, WHAT);
        try {
            long length = channel.size(); // what is appended after this moment is not read
            return new LineReader(channel, length);
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure("cannot read the " + WHAT + " " + path + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized <T> T locked(Supplier<T> work) {
        try (FileChannel channel = PrivateFiles.openOwned(path, WHAT, true); FileLock ignored = channel.lock()) {
            writing = channel;
            return work.get();
        } catch (IOException e) {
            throw failure("cannot lock the " + WHAT + " " + path + ": " + e.getMessage());
        } finally {
            writing = null;
        }
    }

    @Override
    public Optional<Line> last() {
        try (FileChannel channel = PrivateFiles.openRegularForReading(path, WHAT)) {
            long size = channel.size();
            if (size == 0) {
                return Optional.empty();
            }
            int take = (int) Math.min(size, TAIL);
            ByteBuffer tail = ByteBuffer.allocate(take);
            channel.read(tail, size - take);
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            if (!text.endsWith("\n")) {
                throw new CommandFailure(ExitCode.REJECTED, "the " + WHAT + " " + path + " ends with an incomplete"
                        + " line (an interrupted write, or an edit): look at its end and remove that partial line");
            }
            String body = text.substring(0, text.length() - 1);
            int start = body.lastIndexOf('\n');
            if (start < 0 && take < size) {
                return Optional.of(new Line(0, body)); // longer than any anchor: parsing says so
            }
            return Optional.of(new Line(0, body.substring(start + 1)));
        } catch (IOException e) {
            throw failure("cannot read the " + WHAT + " " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void append(AuditAnchor anchor) {
        if (writing == null) {
            throw new IllegalStateException("append only under locked()");
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap((anchor.line() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                writing.write(bytes);
            }
            writing.force(true);
        } catch (IOException e) {
            throw failure("cannot append to the " + WHAT + " " + path + ": " + e.getMessage());
        }
    }

    private static CommandFailure failure(String sentence) {
        return new CommandFailure(ExitCode.FAILURE, sentence);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    /** Lines up to a fixed length, one at a time; a line longer than an anchor can be is cut (and then refused). */
    private static final class LineReader implements Lines {
        private final FileChannel channel;
        private final InputStream in;
        private long remaining;
        private long number;

        LineReader(FileChannel channel, long length) {
            this.channel = channel;
            this.in = new BufferedInputStream(Channels.newInputStream(channel), 8192);
            this.remaining = length;
        }

        @Override
        public Optional<Line> next() {
            try {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128);
                while (remaining > 0) {
                    int b = in.read();
                    if (b < 0) {
                        return Optional.empty();
                    }
                    remaining--;
                    if (b == '\n') {
                        number++;
                        return Optional.of(new Line(number, bytes.toString(StandardCharsets.UTF_8)));
                    }
                    if (bytes.size() <= AuditAnchor.MAX_LINE) {
                        bytes.write(b);
                    }
                }
                return Optional.empty(); // a last line without its newline is still being written: not read
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
