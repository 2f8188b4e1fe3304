package com.bazaar.cli;

import com.bazaar.postgres.files.PrivateFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code $BAZAAR_HOME} that another user owns, that group or others may write, or that is a symbolic link another user
 * made, is refused (exit 3, one sentence with the fix) before anything is read from or written into it, unless
 * {@code BAZAAR_ALLOW_UNSAFE_HOME=1} turns the refusal into a warning. A missing home is created 0700. Inside the
 * home, the embedded server's lock, pid and password files and its log are never used through a symbolic link (or
 * when they are FIFOs): a planted link is refused with one sentence, and what it points to stays unchanged.
 */
class HomeMustBeSafeTest {

    /** Only a guard against a hang (a FIFO opened by mistake blocks forever), not a performance assertion. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final String VICTIM_TEXT = "a file the planter wants overwritten or read\n";

    @TempDir
    Path scratch;
    private TestBazaar bazaar;
    private Path home;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(scratch);
        home = scratch.resolve("bazaar-home");
    }

    private Map<String, String> env(Path bazaarHome) {
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.put("HOME", scratch.toString());
        env.put("BAZAAR_HOME", bazaarHome.toString());
        env.put("BAZAAR_TOKEN", bazaar.adminToken());
        return env;
    }

    private static TestBazaar.Run promptly(Map<String, String> env, String... args) {
        AtomicReference<TestBazaar.Run> result = new AtomicReference<>();
        assertTimeoutPreemptively(HANG_GUARD, () -> result.set(TestBazaar.run(env, args)));
        return result.get();
    }

    private static void refused(TestBazaar.Run run, String sentence) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.DENIED);
        assertThat(run.err()).as(run.toString()).isEqualTo("error: " + sentence + "\n");
        assertThat(run.out()).as(run.toString()).isEmpty();
    }

    private static List<Path> contents(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.sorted().toList();
        }
    }

    private static String unsafe(Path home, String what) {
        return "the Bazaar home " + home + " " + what + " (or set BAZAAR_ALLOW_UNSAFE_HOME=1 to use it anyway)";
    }

    @Test
    void aHomeOthersMayWriteIsRefusedBeforeAnythingIsReadOrWritten() throws Exception {
        Files.writeString(home.resolve("bazaar.yml"), "output: nonsense\n"); // would be exit 2 if it were read
        for (var mode : Map.of("rwxrwxrwx", "0777", "rwxrwx---", "0770", "rwx-w--w-", "0722").entrySet()) {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode.getKey()));
            List<Path> before = contents(home);
            for (String[] command : new String[][]{{"seller", "list"}, {"config", "show"}, {"audit", "anchor"},
                    {"health"}}) {
                refused(promptly(env(home), command), unsafe(home, "is writable by group or others (mode "
                        + mode.getValue() + "): chmod go-w it"));
            }
            assertThat(contents(home)).as("nothing written into the home").isEqualTo(before);
        }
    }

    @Test
    void aHomeOthersMayOnlyReadIsFine() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        var run = TestBazaar.run(env(home), "seller", "list");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theOverrideTurnsTheRefusalIntoAWarning() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> env = env(home);
        env.put("BAZAAR_ALLOW_UNSAFE_HOME", "1");
        var run = TestBazaar.run(env, "seller", "list");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("warning: the Bazaar home " + home + " is writable by group or others (mode"
                + " 0777): chmod go-w it; used anyway because BAZAAR_ALLOW_UNSAFE_HOME=1\n");
        env.put("BAZAAR_ALLOW_UNSAFE_HOME", "yes"); // only 1 says so
        refused(TestBazaar.run(env, "seller", "list"), unsafe(home, "is writable by group or others (mode 0777):"
                + " chmod go-w it"));
    }

    @Test
    void aHomeOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(PrivateFiles.currentUid() == 0, "only root can give a directory to another user");
        Files.setAttribute(home, "unix:uid", 65534);
        List<Path> before = contents(home);
        refused(TestBazaar.run(env(home), "seller", "list"), unsafe(home, "is owned by uid 65534, not you (uid 0):"
                + " chown it to yourself, or use a directory of your own"));
        assertThat(contents(home)).isEqualTo(before);
    }

    @Test
    void aHomeLinkPlantedByAnotherUserIsRefusedAndYourOwnLinkIsFollowed() throws Exception {
        Path link = Files.createSymbolicLink(scratch.resolve("linked-home"), home);
        var mine = TestBazaar.run(env(link), "seller", "list");
        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        Assumptions.assumeTrue(PrivateFiles.currentUid() == 0, "only root can give a link to another user");
        Files.setAttribute(link, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        refused(TestBazaar.run(env(link), "seller", "list"), unsafe(link, "is a symbolic link owned by uid 65534, not"
                + " you (uid 0): remove it, or use a directory of your own"));
    }

    @Test
    void aFileInPlaceOfTheHomeIsNamed() throws Exception {
        Path file = Files.writeString(scratch.resolve("home-file"), "x");
        refused(TestBazaar.run(env(file), "config", "show"), unsafe(file, "is a regular file, not a directory"));
    }

    // ---- the embedded server's files inside the home ----

    /** The environment of an embedded installation in {@code home} (no db.url). */
    private Map<String, String> embedded(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", scratch.toString());
        env.put("BAZAAR_HOME", home.toString());
        env.put("BAZAAR_PG_BINARIES", Path.of(System.getProperty("user.home"), ".cache", "bazaar").toString());
        return env;
    }

    private Path victim() throws Exception {
        Path victim = scratch.resolve("victim");
        Files.writeString(victim, VICTIM_TEXT);
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        return victim;
    }

    @Test
    void aMissingHomeIsCreatedForItsOwnerOnly() throws Exception {
        Path fresh = scratch.resolve("fresh").resolve("home");
        var run = TestBazaar.run(embedded(fresh), "db", "stop");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve(".postgres.lock"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aLinkPlantedAtAPasswordFileIsRefusedBeforeAnythingStarts() throws Exception {
        Path victim = victim();
        for (String name : List.of("db-app.password", "db-owner.password", "postgres.password",
                "postgres.password.new")) {
            Path fresh = Files.createDirectory(scratch.resolve("home-" + name));
            Path planted = Files.createSymbolicLink(fresh.resolve(name), victim);
            refused(promptly(embedded(fresh), "db", "status"), "the embedded PostgreSQL password file " + planted
                    + " is a symbolic link: bazaar never follows a link there; put the file itself in its place");
            assertThat(Files.readString(victim)).isEqualTo(VICTIM_TEXT);
            assertThat(Files.isSymbolicLink(planted)).as("not replaced").isTrue();
            assertThat(fresh.resolve("pgdata")).as("nothing initialised").doesNotExist();
        }
    }

    @Test
    void aFifoPlantedAtAPasswordFileIsRefusedWithoutBlocking() throws Exception {
        Path fresh = Files.createDirectory(scratch.resolve("home-fifo"));
        Path fifo = fresh.resolve("db-app.password");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(mkfifo.exitValue() == 0, "mkfifo is available");
        refused(promptly(embedded(fresh), "db", "status"), "the embedded PostgreSQL password file " + fifo
                + " is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aLinkPlantedAtThePidFileIsRefusedAndNotFollowed() throws Exception {
        Path victim = victim();
        Path fresh = Files.createDirectory(scratch.resolve("home-pid"));
        Path pgdata = Files.createDirectory(fresh.resolve("pgdata"));
        Path planted = Files.createSymbolicLink(pgdata.resolve("postmaster.pid"), victim);
        for (String[] command : new String[][]{{"db", "status"}, {"db", "stop"}, {"seller", "list"}}) {
            refused(promptly(embedded(fresh), command), "the PostgreSQL pid file " + planted + " is a symbolic link:"
                    + " bazaar never follows a link there; put the file itself in its place");
        }
        assertThat(Files.readString(victim)).isEqualTo(VICTIM_TEXT);
        assertThat(Files.isSymbolicLink(planted)).as("not removed").isTrue();
    }

    @Test
    void aLinkPlantedAtTheLockFileOrTheLogIsRefusedAndNotWritten() throws Exception {
        Path victim = victim();
        Path lockHome = Files.createDirectory(scratch.resolve("home-lock"));
        Path lock = Files.createSymbolicLink(lockHome.resolve(".postgres.lock"), victim);
        refused(promptly(embedded(lockHome), "db", "stop"), "the embedded PostgreSQL lock file " + lock
                + " is a symbolic link: bazaar never follows a link there; put the file itself in its place");
        Path logHome = Files.createDirectory(scratch.resolve("home-log"));
        Path log = Files.createSymbolicLink(logHome.resolve("postgres.log"), victim);
        refused(promptly(embedded(logHome), "db", "status"), "the PostgreSQL log file " + log
                + " is a symbolic link: bazaar never follows a link there; put the file itself in its place");
        assertThat(Files.readString(victim)).isEqualTo(VICTIM_TEXT);
        assertThat(logHome.resolve("pgdata")).doesNotExist();
    }
}
