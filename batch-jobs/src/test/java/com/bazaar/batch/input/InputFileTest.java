package com.bazaar.batch.input;

import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A job reads exactly the bytes that identify it: the file is named once by its real path, only a regular file is
 * accepted (what else it is, is said), and every read is a private copy whose checksum must be the job's - a file
 * changed, swapped for a symbolic link or for something that is not a file is refused without a byte of it shown.
 */
class InputFileTest {

    private static final String CATALOG = "sku,title,price\nA-1,Mug,12.99\n";
    private static final String CATALOG_SHA256 = com.bazaar.domain.shared.Hashing.sha256Hex(CATALOG);
    private static final String MARKER = "SECRET-MARKER-LINE-do-not-show";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String read(Snapshot snapshot) throws Exception {
        try (InputStream in = snapshot.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        return fifo;
    }

    @Test
    void aNewJobIsIdentifiedByTheRealPathOfWhatTheUserNamedAndItsChecksum() throws Exception {
        Path file = write("catalog.csv", CATALOG);
        Path link = Files.createSymbolicLink(dir.resolve("my-link.csv"), file);
        var identified = InputFile.identify(link);
        assertThat(identified.file()).isEqualTo(file.toRealPath());
        assertThat(identified.sha256()).isEqualTo(CATALOG_SHA256);
    }

    @Test
    void whatIsNotARegularFileIsNamedForWhatItIsNeverMissing() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        assertThatThrownBy(() -> InputFile.identify(directory)).isInstanceOf(ValidationException.class)
                .hasMessage(directory + " is a directory, not a regular file");
        Path fifo = fifo("a-pipe");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> InputFile.identify(fifo))
                .isInstanceOf(ValidationException.class).hasMessage(fifo + " is a named pipe (FIFO), not a regular file"));
        assertThatThrownBy(() -> InputFile.identify(Path.of("/dev/null"))).isInstanceOf(ValidationException.class)
                .hasMessage("/dev/null is a character device, not a regular file");
        Path socket = dir.resolve("a-socket");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> InputFile.identify(socket)).isInstanceOf(ValidationException.class)
                    .hasMessage(socket + " is a socket, not a regular file");
        }
        Path linkToPipe = Files.createSymbolicLink(dir.resolve("link-to-pipe"), fifo);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> InputFile.identify(linkToPipe))
                .hasMessageContaining("is a named pipe (FIFO)"));
        assertThatThrownBy(() -> InputFile.identify(dir.resolve("nope.csv"))).isInstanceOf(NotFound.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void theJobReadsAPrivateCopyOfItsOwnBytesDeletedWhenClosed() throws Exception {
        Path file = write("catalog.csv", CATALOG);
        Path copy;
        try (Snapshot snapshot = InputFile.snapshot(file, CATALOG_SHA256, "job 1")) {
            assertThat(read(snapshot)).isEqualTo(CATALOG);
            copy = snapshot.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
            Files.writeString(file, "sku,title,price\nA-1,Mug,0.01\n" + MARKER + "\n");
            assertThat(read(snapshot)).as("an edit while the job runs does not reach it").isEqualTo(CATALOG);
        }
        assertThat(copy).doesNotExist();
    }

    @Test
    void copiesLeftByAKilledProcessAreRemovedByTheNextSnapshot() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path leftOver = Files.createTempFile(tmp, "bazaar-input-" + gone.pid() + "-", ".tmp");
        Path file = write("catalog.csv", CATALOG);
        try (Snapshot snapshot = InputFile.snapshot(file, CATALOG_SHA256, "job 1")) {
            assertThat(snapshot.path().getFileName().toString()).startsWith("bazaar-input-" + ProcessHandle.current().pid() + "-");
            assertThat(snapshot.path()).exists();
        }
        assertThat(leftOver).doesNotExist();
    }

    @Test
    void aFileChangedAfterItWasIdentifiedIsRefusedNamingBothChecksumsAndNothingOfIt() throws Exception {
        Path file = write("catalog.csv", CATALOG);
        var identified = InputFile.identify(file);
        String edited = CATALOG.replace("12.99", "0.01") + "B-2,Appended,1.00\n" + MARKER + "\n";
        Files.writeString(file, edited);
        assertThatThrownBy(() -> InputFile.snapshot(identified.file(), identified.sha256(), "job 12"))
                .isInstanceOf(Conflict.class)
                .hasMessage(file.toRealPath() + " changed since job 12 started: expected sha256 " + CATALOG_SHA256
                        + ", found " + com.bazaar.domain.shared.Hashing.sha256Hex(edited)
                        + "; restore the file or run it as a new job")
                .message().doesNotContain(MARKER).doesNotContain("Appended");
        Files.writeString(file, CATALOG);
        try (Snapshot restored = InputFile.snapshot(identified.file(), identified.sha256(), "job 12")) {
            assertThat(read(restored)).isEqualTo(CATALOG);
        }
    }

    @Test
    void aFileSwappedForASymbolicLinkIsRefusedEvenToTheSameBytes() throws Exception {
        Path file = write("catalog.csv", CATALOG);
        Path other = write("other.csv", MARKER + "\n");
        Path same = write("same.csv", CATALOG);
        Files.delete(file);
        Files.createSymbolicLink(file, other);
        assertThatThrownBy(() -> InputFile.snapshot(file, CATALOG_SHA256, "job 3")).isInstanceOf(Conflict.class)
                .hasMessage(file + " changed since job 3 started: it is now a symbolic link; restore the file or run"
                        + " it as a new job");
        Files.delete(file);
        Files.createSymbolicLink(file, same);
        assertThatThrownBy(() -> InputFile.snapshot(file, CATALOG_SHA256, "job 3"))
                .hasMessageContaining("it is now a symbolic link");
    }

    @Test
    void aFileReplacedByAPipeADirectoryOrNothingIsRefusedWithoutBlocking() throws Exception {
        Path file = dir.resolve("catalog.csv");
        fifo("catalog.csv");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> InputFile.snapshot(file, CATALOG_SHA256, "job 4")).isInstanceOf(Conflict.class)
                .hasMessageContaining("changed since job 4 started: it is now a named pipe (FIFO)"));
        Files.delete(file);
        Files.createDirectory(file);
        assertThatThrownBy(() -> InputFile.snapshot(file, CATALOG_SHA256, "job 4"))
                .hasMessageContaining("it is now a directory");
        Files.delete(file);
        assertThatThrownBy(() -> InputFile.snapshot(file, CATALOG_SHA256, "job 4")).isInstanceOf(Conflict.class)
                .hasMessageContaining("it no longer exists");
    }
}
