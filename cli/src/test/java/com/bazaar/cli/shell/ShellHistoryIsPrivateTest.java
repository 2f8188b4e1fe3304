package com.bazaar.cli.shell;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code $BAZAAR_HOME/shell_history} ({@link ShellHistory}): created rw-------; group/other bits are removed from an
 * existing one; a planted symbolic link, a directory, a FIFO or an oversized file is neither read nor written (the
 * session keeps no history file and says so in one sentence); long lines are not kept.
 */
class ShellHistoryIsPrivateTest {

    @TempDir
    Path home;

    private final StringWriter err = new StringWriter();

    @Test
    void aMissingHistoryFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path file = home.resolve("shell_history");
        var history = attach(file);
        history.add(Instant.now(), "seller list");
        assertThat(Files.readString(file)).contains("seller list");
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anExistingFileThatOthersMayReadLosesThoseBits() throws Exception {
        Path file = home.resolve("shell_history");
        Files.writeString(file, "1:seller list\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        var history = attach(file);
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(err.toString()).isEqualTo("note: history file " + file + " was rw-rw-rw-; it is now rw-------."
                + System.lineSeparator());
        assertThat(history.size()).as("it is still the history").isEqualTo(1);
    }

    @Test
    void aPlantedSymbolicLinkIsNeverReadNorWrittenThrough() throws Exception {
        Path target = home.resolve("someone-elses-file");
        Files.writeString(target, "1:secret line\n");
        Path file = Files.createSymbolicLink(home.resolve("shell_history"), target);
        var history = attach(file);
        history.add(Instant.now(), "token create --user x");
        history.save();
        assertThat(Files.readString(target)).isEqualTo("1:secret line\n");
        assertThat(Files.isSymbolicLink(file)).isTrue();
        assertThat(history.size()).as("the session's lines stay in memory").isEqualTo(1);
        assertThat(history.get(0)).isEqualTo("token create --user x");
        assertThat(err.toString()).isEqualTo("warning: history file " + file
                + " is a symbolic link (never followed); this session keeps no history file." + System.lineSeparator());
    }

    @Test
    void aDanglingSymbolicLinkCreatesNothingAtItsTarget() throws Exception {
        Path target = home.resolve("planted-target");
        Path file = Files.createSymbolicLink(home.resolve("shell_history"), target);
        attach(file).add(Instant.now(), "seller list");
        assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(err.toString()).contains("is a symbolic link");
    }

    @Test
    void aDirectoryOrAFifoIsNamedForWhatItIs() throws Exception {
        Path directory = Files.createDirectory(home.resolve("shell_history"));
        attach(directory).add(Instant.now(), "seller list");
        assertThat(err.toString()).contains(directory + " is a directory;");
        Path fifo = home.resolve("fifo_history");
        Process mkfifo = new ProcessBuilder("/usr/bin/mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        StringWriter second = new StringWriter();
        var history = new ShellHistory(fifo, new PrintWriter(second, true));
        history.attach(reader(fifo)); // a FIFO would block a reader forever: it is not opened
        history.add(Instant.now(), "seller list");
        assertThat(second.toString()).contains("is not a regular file (a FIFO, socket or device)");
    }

    @Test
    void anOversizedFileIsNotRead() throws Exception {
        Path file = home.resolve("shell_history");
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(ShellHistory.MAX_FILE_BYTES + 1); // sparse: costs no disk
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        var history = attach(file);
        assertThat(history.size()).isZero();
        assertThat(err.toString()).contains("is larger than 16 MiB");
    }

    @Test
    void linesLongerThanTheKeptLimitAreNotRemembered() throws Exception {
        Path file = home.resolve("shell_history");
        var history = attach(file);
        history.add(Instant.now(), "x".repeat(ShellHistory.MAX_KEPT_LINE + 1));
        history.add(Instant.now(), "seller list");
        assertThat(history.size()).isEqualTo(1);
        assertThat(Files.readString(file)).doesNotContain("xxx");
    }

    private ShellHistory attach(Path file) {
        var history = new ShellHistory(file, new PrintWriter(err, true));
        history.attach(reader(file));
        return history;
    }

    private static LineReader reader(Path file) {
        try {
            var terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            reader.setVariable(LineReader.HISTORY_FILE, file);
            return reader;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }
}
