package com.bazaar.postgres.files;

import com.bazaar.postgres.files.PrivateFileRefused.Problem;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every kind of thing that can be at a private file's path, and every permission: only a regular file of this user
 * that others cannot read (a secret) or write (a lock, pid or append-only file) is used; everything else is refused
 * with one sentence that names the path and what is there, without following a link, opening a FIFO or reading a
 * device, and without reading more than the limit.
 */
class PrivateFilesTest {

    /** Only a guard against a hang (a FIFO opened by mistake blocks forever), not a performance assertion. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final String SECRET = "s3cret-token";

    @TempDir
    Path dir;

    private Path secret(String name, String mode) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, SECRET + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, Problem problem, String... sentence) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PrivateFileRefused.class, e -> {
            assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
            assertThat(e.getMessage()).contains(sentence).doesNotContain("\n").doesNotContain(SECRET);
        });
    }

    private static void promptly(Executable work) {
        assertTimeoutPreemptively(HANG_GUARD, work);
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(mkfifo.exitValue() == 0, "mkfifo is available");
        return fifo;
    }

    private static boolean root() {
        return PrivateFiles.currentUid() == 0;
    }

    // ---- reading a secret ----

    @Test
    void aPrivateRegularFileIsRead() throws Exception {
        assertThat(PrivateFiles.readSecret(secret("token", "rw-------"), "token file")).isEqualTo(SECRET + "\n");
        assertThat(PrivateFiles.readSecret(secret("read-only", "r--------"), "token file")).isEqualTo(SECRET + "\n");
        assertThat(PrivateFiles.readSecretIfPresent(dir.resolve("token"), "token file")).contains(SECRET + "\n");
    }

    @Test
    void nothingThereIsMissing() {
        Path missing = dir.resolve("missing");
        refused(() -> PrivateFiles.readSecret(missing, "token file"), Problem.MISSING,
                "the token file " + missing + " does not exist");
        assertThat(PrivateFiles.readSecretIfPresent(missing, "token file")).isEmpty();
        assertThat(PrivateFiles.readOwnedIfPresent(missing, "pid file", 4096)).isEmpty();
    }

    @Test
    void aDirectoryIsNamedAsSuch() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("token"));
        refused(() -> PrivateFiles.readSecret(directory, "token file"), Problem.WRONG_TYPE,
                "the token file " + directory + " is a directory, not a regular file");
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = fifo("token");
        promptly(() -> refused(() -> PrivateFiles.readSecret(fifo, "token file"), Problem.WRONG_TYPE,
                "the token file " + fifo + " is a FIFO (named pipe), not a regular file"));
        promptly(() -> refused(() -> PrivateFiles.openOwned(fifo, "lock file", false).close(), Problem.WRONG_TYPE,
                "is a FIFO"));
        promptly(() -> refused(() -> PrivateFiles.openRegularForReading(fifo, "anchors file").close(),
                Problem.WRONG_TYPE, "is a FIFO"));
        promptly(() -> refused(() -> PrivateFiles.readOwnedIfPresent(fifo, "pid file", 4096), Problem.WRONG_TYPE,
                "is a FIFO"));
    }

    @Test
    void aDeviceIsNeverRead() {
        promptly(() -> refused(() -> PrivateFiles.readSecret(Path.of("/dev/zero"), "token file"), Problem.WRONG_TYPE,
                "the token file /dev/zero is a character device, not a regular file"));
        promptly(() -> refused(() -> PrivateFiles.readSecret(Path.of("/dev/null"), "token file"), Problem.WRONG_TYPE,
                "is a character device"));
    }

    @Test
    void aSocketIsNamedAsSuch() throws Exception {
        Path socket = dir.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            refused(() -> PrivateFiles.readSecret(socket, "token file"), Problem.WRONG_TYPE,
                    "is a socket, not a regular file");
        }
    }

    @Test
    void aSymbolicLinkIsNeverFollowedEvenToAGoodFile() throws Exception {
        Path target = secret("real", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("token"), target);
        refused(() -> PrivateFiles.readSecret(link, "token file"), Problem.SYMBOLIC_LINK,
                "the token file " + link + " is a symbolic link: bazaar never follows a link there");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        refused(() -> PrivateFiles.readSecret(dangling, "token file"), Problem.SYMBOLIC_LINK, "is a symbolic link");
        refused(() -> PrivateFiles.readSecretIfPresent(dangling, "token file"), Problem.SYMBOLIC_LINK,
                "is a symbolic link");
        refused(() -> PrivateFiles.openRegularForReading(link, "anchors file").close(), Problem.SYMBOLIC_LINK,
                "is a symbolic link");
    }

    @ParameterizedTest
    @CsvSource({
            "rw-r-----, 0640, readable", "rw----r--, 0604, readable", "rw-r--r--, 0644, readable",
            "rw-rw-rw-, 0666, readable", "rw--w----, 0620, writable", "rw-----w-, 0602, writable",
            "rw---x---, 0610, open", "rw------x, 0601, open"})
    void aSecretThatGroupOrOthersCanAccessIsRefused(String mode, String octal, String how) throws Exception {
        Path file = secret("token", mode);
        refused(() -> PrivateFiles.readSecret(file, "token file"), Problem.OPEN_TO_OTHERS,
                "the token file " + file + " is " + how + " by group or others (mode " + octal + "): chmod 600 it");
    }

    @Test
    void aFileThatIsNotSecretMayBeReadByOthersButNotWritten() throws Exception {
        Path readable = secret("postmaster.pid", "rw-r--r--");
        assertThat(PrivateFiles.readOwnedIfPresent(readable, "pid file", 4096)).contains(SECRET + "\n");
        Path writable = secret("other.pid", "rw-rw-r--");
        refused(() -> PrivateFiles.readOwnedIfPresent(writable, "pid file", 4096), Problem.OPEN_TO_OTHERS,
                "the pid file " + writable + " is writable by group or others (mode 0664): chmod go-w it");
        refused(() -> PrivateFiles.checkOwnedIfPresent(writable, "pid file"), Problem.OPEN_TO_OTHERS, "chmod go-w");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(root(), "only root can give a file to another user");
        Path file = secret("token", "rw-------");
        Files.setAttribute(file, "unix:uid", 65534);
        refused(() -> PrivateFiles.readSecret(file, "token file"), Problem.NOT_OWNED,
                "the token file " + file + " is owned by uid 65534, not you (uid 0)");
        refused(() -> PrivateFiles.openOwned(file, "lock file", false).close(), Problem.NOT_OWNED, "uid 65534");
    }

    @Test
    void aSecretIsReadUpToTheLimitAndNoFurther() throws Exception {
        Path exact = dir.resolve("exact");
        Files.write(exact, new byte[PrivateFiles.MAX_SECRET_BYTES]);
        Files.setPosixFilePermissions(exact, PosixFilePermissions.fromString("rw-------"));
        assertThat(PrivateFiles.readSecret(exact, "token file")).hasSize(PrivateFiles.MAX_SECRET_BYTES);

        Path large = dir.resolve("large");
        try (FileChannel channel = FileChannel.open(large, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[]{'x'}), 10L * 1024 * 1024); // 10 MB (sparse)
        }
        Files.setPosixFilePermissions(large, PosixFilePermissions.fromString("rw-------"));
        refused(() -> PrivateFiles.readSecret(large, "token file"), Problem.TOO_LARGE,
                "the token file " + large + " is larger than 4096 bytes");
        Path oneMore = dir.resolve("one-more");
        Files.write(oneMore, new byte[PrivateFiles.MAX_SECRET_BYTES + 1]);
        Files.setPosixFilePermissions(oneMore, PosixFilePermissions.fromString("rw-------"));
        refused(() -> PrivateFiles.readSecret(oneMore, "token file"), Problem.TOO_LARGE, "larger than 4096 bytes");
    }

    // ---- writing ----

    @Test
    void aNewSecretIsCreated0600AndNeverOverwritesAnything() throws Exception {
        Path key = dir.resolve("sub").resolve("audit.key");
        PrivateFiles.createSecret(key, SECRET, "audit key file");
        assertThat(Files.readString(key)).isEqualTo(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
        refused(() -> PrivateFiles.createSecret(key, "other", "audit key file"), Problem.EXISTS,
                "the audit key file " + key + " exists already: bazaar does not overwrite it");

        Path victim = secret("victim", "rw-r--r--");
        Path planted = Files.createSymbolicLink(dir.resolve("planted.key"), victim);
        refused(() -> PrivateFiles.createSecret(planted, "other", "audit key file"), Problem.EXISTS, "exists already");
        assertThat(Files.readString(victim)).isEqualTo(SECRET + "\n");
    }

    @Test
    void aSecretIsReplacedAtomicallyButNeverThroughAPlantedLink() throws Exception {
        Path file = secret("db-app.password", "rw-------");
        Files.writeString(dir.resolve("db-app.password.new"), "left by a killed write");
        PrivateFiles.replaceSecret(file, "new\n", "password file");
        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve("db-app.password.new")).doesNotExist();

        Path victim = secret("victim", "rw-r--r--");
        Path planted = Files.createSymbolicLink(dir.resolve("db-owner.password"), victim);
        refused(() -> PrivateFiles.replaceSecret(planted, "new\n", "password file"), Problem.SYMBOLIC_LINK,
                "the password file " + planted + " is a symbolic link");
        assertThat(Files.isSymbolicLink(planted)).isTrue();
        Path stagedLink = Files.createSymbolicLink(dir.resolve("other.password.new"), victim);
        refused(() -> PrivateFiles.replaceSecret(dir.resolve("other.password"), "new\n", "password file"),
                Problem.SYMBOLIC_LINK, "the password file " + stagedLink + " is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo(SECRET + "\n");
    }

    @Test
    void aPrivateFileIsOpenedForWritingOnlyWhenSafe() throws Exception {
        Path lock = dir.resolve("new").resolve(".postgres.lock");
        try (FileChannel channel = PrivateFiles.openOwned(lock, "lock file", false)) {
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock))).isEqualTo("rw-------");
        try (FileChannel channel = PrivateFiles.openOwned(lock, "lock file", true)) {
            channel.write(ByteBuffer.wrap("x".getBytes()));
        }
        assertThat(Files.readString(lock)).isEqualTo("x");

        Path victim = secret("victim", "rw-------");
        Path planted = Files.createSymbolicLink(dir.resolve("planted.lock"), victim);
        refused(() -> PrivateFiles.openOwned(planted, "lock file", true).close(), Problem.SYMBOLIC_LINK,
                "the lock file " + planted + " is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo(SECRET + "\n");
        Path shared = secret("shared.lock", "rw-rw-rw-");
        refused(() -> PrivateFiles.openOwned(shared, "lock file", false).close(), Problem.OPEN_TO_OTHERS,
                "is writable by group or others (mode 0666)");
    }

    // ---- directories ----

    @ParameterizedTest
    @CsvSource({"rwx------", "rwxr-x---", "rwxr-xr-x", "r-x------"})
    void aDirectoryOthersCannotWriteIsFine(String mode) throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode));
        PrivateFiles.checkDirectory(home, "Bazaar home");
        PrivateFiles.checkDirectory(dir.resolve("missing"), "Bazaar home");
        assertThat(home).isDirectory();
    }

    @ParameterizedTest
    @CsvSource({"rwxrwx---, 0770", "rwxr-x-w-, 0752", "rwxrwxrwx, 0777"})
    void aDirectoryGroupOrOthersCanWriteIsRefused(String mode, String octal) throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode));
        refused(() -> PrivateFiles.checkDirectory(home, "Bazaar home"), Problem.OPEN_TO_OTHERS,
                "the Bazaar home " + home + " is writable by group or others (mode " + octal + "): chmod go-w it");
    }

    @Test
    void aWorldWritableStickyDirectoryIsRefusedToo() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Process chmod = new ProcessBuilder("chmod", "1777", home.toString()).start();
        assertThat(chmod.waitFor(30, TimeUnit.SECONDS)).isTrue();
        refused(() -> PrivateFiles.checkDirectory(home, "Bazaar home"), Problem.OPEN_TO_OTHERS, "(mode 1777)");
    }

    @Test
    void aFileInPlaceOfADirectoryIsNamed() throws Exception {
        Path file = secret("home", "rw-------");
        refused(() -> PrivateFiles.checkDirectory(file, "Bazaar home"), Problem.WRONG_TYPE,
                "the Bazaar home " + file + " is a regular file, not a directory");
        refused(() -> PrivateFiles.createDirectories(file.resolve("sub")), Problem.UNREADABLE, "cannot create");
    }

    @Test
    void aLinkOfYourOwnIsFollowedAndItsTargetChecked() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(dir.resolve("home"), real);
        PrivateFiles.checkDirectory(link, "Bazaar home");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxrwxrwx"));
        refused(() -> PrivateFiles.checkDirectory(link, "Bazaar home"), Problem.OPEN_TO_OTHERS, "(mode 0777)");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        refused(() -> PrivateFiles.checkDirectory(dangling, "Bazaar home"), Problem.WRONG_TYPE,
                "is a symbolic link to nothing");
    }

    @Test
    void aDirectoryOrLinkOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(root(), "only root can give a directory to another user");
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        refused(() -> PrivateFiles.checkDirectory(theirs, "Bazaar home"), Problem.NOT_OWNED,
                "the Bazaar home " + theirs + " is owned by uid 65534, not you (uid 0): chown it to yourself");
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Path planted = Files.createSymbolicLink(dir.resolve("home"), mine);
        Files.setAttribute(planted, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        refused(() -> PrivateFiles.checkDirectory(planted, "Bazaar home"), Problem.NOT_OWNED,
                "the Bazaar home " + planted + " is a symbolic link owned by uid 65534, not you");
    }

    @Test
    void missingDirectoriesAreCreatedForTheirOwnerOnly() {
        Path home = dir.resolve("a").resolve("home");
        PrivateFiles.createDirectories(home);
        assertThat(home).isDirectory();
        PrivateFiles.checkDirectory(home, "Bazaar home");
        for (Path created : new Path[]{home, home.getParent()}) {
            try {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwx------");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
