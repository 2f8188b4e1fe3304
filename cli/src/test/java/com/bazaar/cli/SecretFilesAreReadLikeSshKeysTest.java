package com.bazaar.cli;

import com.bazaar.postgres.files.PrivateFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code --token-file}, {@code --db-password-file} and {@code --db-owner-password-file} are read as ssh reads a
 * private key: only a regular file of the user running bazaar, that group and others cannot access, of at most 4096
 * bytes. A device ({@code /dev/zero}), a FIFO, a directory, a symbolic link, a file others may read, another user's
 * file, a missing file: exit 3; a 10 MB file: exit 4. Each is one sentence naming the file and what is wrong, with
 * no stack trace, nothing on stdout, and the command returns (nothing blocks on a FIFO, nothing reads a device).
 */
class SecretFilesAreReadLikeSshKeysTest {

    /** Only a guard against a hang (a FIFO opened by mistake blocks forever), not a performance assertion. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static String admin;

    @BeforeAll
    static void setUp() {
        bazaar = TestBazaar.initialised(home);
        admin = bazaar.adminToken();
    }

    private static Path file(String name, String text, String mode) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static Path fifo(String name) throws Exception {
        Path fifo = home.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(mkfifo.exitValue() == 0, "mkfifo is available");
        return fifo;
    }

    /** Runs the command; it must return (a hang fails the test), refused with this exit code and sentence. */
    private static void refused(int exitCode, String sentence, String... args) {
        AtomicReference<TestBazaar.Run> result = new AtomicReference<>();
        assertTimeoutPreemptively(HANG_GUARD, () -> result.set(bazaar.cli(null, args)));
        TestBazaar.Run run = result.get();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.err()).as(run.toString()).isEqualTo("error: " + sentence + "\n");
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err()).doesNotContain(admin);
    }

    private static void tokenRefused(int exitCode, Path file, String what) {
        refused(exitCode, "the token file " + file + " " + what, "whoami", "--token-file", file.toString());
    }

    @Test
    void aPrivateTokenFileIsRead() throws Exception {
        Path token = file("token", admin + "\n", "rw-------");
        var run = bazaar.cli(null, "whoami", "--token-file", token.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("admin");
        Path readOnly = file("token-ro", admin, "r--------");
        assertThat(bazaar.cli(null, "whoami", "--token-file", readOnly.toString()).exitCode()).isZero();
    }

    @Test
    void aDeviceIsNeverRead() {
        tokenRefused(ExitCode.DENIED, Path.of("/dev/zero"), "is a character device, not a regular file");
        tokenRefused(ExitCode.DENIED, Path.of("/dev/null"), "is a character device, not a regular file");
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        tokenRefused(ExitCode.DENIED, fifo("token.fifo"), "is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aDirectoryIsNamedAsSuch() throws Exception {
        Path directory = Files.createDirectories(home.resolve("token.d"));
        tokenRefused(ExitCode.DENIED, directory, "is a directory, not a regular file");
    }

    @Test
    void aSymbolicLinkIsNotFollowedEvenToAPrivateTokenFile() throws Exception {
        Path real = file("real-token", admin, "rw-------");
        Path link = Files.createSymbolicLink(home.resolve("token.link"), real);
        tokenRefused(ExitCode.DENIED, link, "is a symbolic link: bazaar never follows a link there; put the file"
                + " itself in its place");
    }

    @Test
    void aTokenFileOthersMayReadIsRefused() throws Exception {
        tokenRefused(ExitCode.DENIED, file("token-644", admin, "rw-r--r--"),
                "is readable by group or others (mode 0644): chmod 600 it");
        tokenRefused(ExitCode.DENIED, file("token-640", admin, "rw-r-----"),
                "is readable by group or others (mode 0640): chmod 600 it");
        tokenRefused(ExitCode.DENIED, file("token-602", admin, "rw-----w-"),
                "is writable by group or others (mode 0602): chmod 600 it");
    }

    @Test
    void aTokenFileOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(PrivateFiles.currentUid() == 0, "only root can give a file to another user");
        Path theirs = file("their-token", admin, "rw-------");
        Files.setAttribute(theirs, "unix:uid", 65534);
        tokenRefused(ExitCode.DENIED, theirs, "is owned by uid 65534, not you (uid 0): chown it to yourself, or use"
                + " a file of your own");
    }

    @Test
    void aMissingTokenFileIsDenied() {
        tokenRefused(ExitCode.DENIED, home.resolve("no-such-token"), "does not exist");
    }

    @Test
    void aTokenFileLargerThan4096BytesIsALimit() throws Exception {
        Path large = home.resolve("large-token");
        try (FileChannel channel = FileChannel.open(large, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer mb = ByteBuffer.wrap(new byte[1 << 20]);
            for (int i = 0; i < 10; i++) {
                mb.rewind();
                channel.write(mb);
            }
        }
        Files.setPosixFilePermissions(large, PosixFilePermissions.fromString("rw-------"));
        tokenRefused(ExitCode.REJECTED, large, "is larger than 4096 bytes: it cannot be one");
        Path justOver = file("token-4097", "x".repeat(4097), "rw-------");
        tokenRefused(ExitCode.REJECTED, justOver, "is larger than 4096 bytes: it cannot be one");
    }

    @Test
    void databasePasswordFilesFollowTheSameRules() throws Exception {
        Path open = file("db.password", "secret-password\n", "rw-r--r--");
        refused(ExitCode.DENIED, "the database password file " + open + " is readable by group or others (mode 0644):"
                + " chmod 600 it", "config", "show", "--db-password-file", open.toString());
        refused(ExitCode.DENIED, "the database owner password file " + open + " is readable by group or others (mode"
                + " 0644): chmod 600 it", "config", "show", "--db-owner-password-file", open.toString());
        Path fifo = fifo("db.password.fifo");
        refused(ExitCode.DENIED, "the database password file " + fifo + " is a FIFO (named pipe), not a regular file",
                "config", "show", "--db-password-file", fifo.toString());
        refused(ExitCode.DENIED, "the database password file /dev/zero is a character device, not a regular file",
                "config", "show", "--db-password-file", "/dev/zero");
        Path link = Files.createSymbolicLink(home.resolve("db.password.link"), file("db.password.real", "x",
                "rw-------"));
        refused(ExitCode.DENIED, "the database owner password file " + link + " is a symbolic link: bazaar never"
                + " follows a link there; put the file itself in its place", "config", "show",
                "--db-owner-password-file", link.toString());
        Path large = file("db.password.large", "p".repeat(5000), "rw-------");
        refused(ExitCode.REJECTED, "the database password file " + large + " is larger than 4096 bytes: it cannot be"
                + " one", "config", "show", "--db-password-file", large.toString());
    }

    @Test
    void aPrivateDatabasePasswordFileIsUsedAndNeverShown() throws Exception {
        String password = bazaar.db.password() == null ? "unused-by-trust-authentication" : bazaar.db.password();
        Path file = file("db.password.ok", password + "\n", "rw-------");
        var show = bazaar.cli(null, "config", "show", "--db-password-file", file.toString());
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("db.password").contains("flag").doesNotContain(password);
        var list = bazaar.cli(admin, "seller", "list", "--db-password-file", file.toString());
        assertThat(list.exitCode()).as(list.toString()).isZero();
    }
}
