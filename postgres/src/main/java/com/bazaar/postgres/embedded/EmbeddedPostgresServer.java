package com.bazaar.postgres.embedded;

import com.bazaar.postgres.DatabaseRoles;
import com.bazaar.postgres.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server that belongs to one Bazaar home. The first command that needs it initialises the
 * data directory and starts the server in the background; the server then keeps running, and every later
 * command (several at once if need be) simply connects. {@code bazaar db stop} stops it.
 *
 * <p>Robustness rules: preparing and starting happen under a file lock ({@code .postgres.lock}), which the
 * operating system releases even when a command is killed with {@code kill -9}; initdb writes into a temporary
 * folder renamed into place when complete; a stale {@code postmaster.pid} left by a killed server is detected by
 * PostgreSQL itself on the next start. PostgreSQL refuses to run as root, so as root every PostgreSQL program is
 * started inside a new user namespace ({@code unshare -U}), where it is not root.
 *
 * <p>Files of the home: the lock, {@code postmaster.pid}, the password files and the log are never used through a
 * symbolic link, nor when they are another user's or open to others ({@link PrivateFiles}); a missing home is created
 * 0700. (That the home itself is safe - owned by this user, not writable by others - the command line checks first.)
 *
 * <p>Logins: commands connect as {@code bazaar_app} ({@link Login#APP}), migrations as {@code bazaar_owner}
 * ({@link Login#OWNER}), each with its password in its own 0600 file of the home. The superuser made by initdb logs
 * in once, to set those roles up ({@link RoleBootstrap}); then its password is removed, and its file deleted.
 */
public final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String DATABASE = "bazaar";
    public static final String SUPERUSER = "bazaar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Which database login a connection uses: the application's (every command) or the owner's (migrations). */
    public enum Login { APP, OWNER }

    /** How to reach the running server. */
    public record ConnectionInfo(String jdbcUrl, String user, String password, int port) {
        @Override
        public String toString() {
            return "ConnectionInfo[" + jdbcUrl + ", user=" + user + ", password=****]";
        }
    }

    /** What {@code bazaar db status} reports about the server process. */
    public record Status(boolean initialised, boolean running, Optional<Long> pid, Optional<Integer> port,
                         Path dataDirectory) {
    }

    private final Path home;
    private final Path dataDirectory;
    private final Path binariesCache;
    private final LoginFiles logins;

    /**
     * @param home          the Bazaar home ({@code $BAZAAR_HOME}); the data directory is {@code home/pgdata}
     * @param binariesCache where unpacked PostgreSQL binaries are kept (shared across homes)
     */
    public EmbeddedPostgresServer(Path home, Path binariesCache) {
        this.home = home.toAbsolutePath();
        this.dataDirectory = this.home.resolve("pgdata");
        this.binariesCache = binariesCache.toAbsolutePath();
        this.logins = new LoginFiles(this.home);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** How a command connects ({@link Login#APP}), starting and on first use initialising the server if needed. */
    public ConnectionInfo ensureRunning() {
        return ensureRunning(Login.APP);
    }

    /** Returns how to connect as this login, starting (and on first use initialising) the server when needed. */
    public ConnectionInfo ensureRunning(Login login) {
        Optional<Integer> ready = readyPort().filter(port -> logins.bootstrapped());
        if (ready.isPresent()) {
            return connectionInfo(ready.get(), login);
        }
        try (FileLock ignored = lock()) {
            logins.checkSafe();
            // pg_ctl appends to the log through the shell (umask permissions): a link or FIFO there is what matters
            PrivateFiles.checkRegularIfPresent(home.resolve("postgres.log"), "PostgreSQL log file");
            Path binaries = PostgresBinaries.prepare(binariesCache);
            if (!isInitialised()) {
                initialise(binaries);
            }
            int port = runningOrStarted(binaries);
            if (!logins.bootstrapped()) {
                new RoleBootstrap(port, logins).complete();
            }
            return connectionInfo(port, login);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not start the embedded PostgreSQL in " + home + ": "
                    + e.getMessage(), e);
        }
    }

    private int runningOrStarted(Path binaries) throws IOException {
        Optional<Integer> ready = readyPort();
        if (ready.isPresent()) {
            return ready.get();
        }
        Optional<PidFile> pidFile = PidFile.read(dataDirectory);
        if (pidFile.isPresent() && pidFile.get().alive()) {
            return awaitReady(pidFile.get());
        }
        if (pidFile.isPresent()) {
            // left by a server that was killed: we hold the lock and its process is gone, so it is stale
            log.info("removing stale postmaster.pid of pid {}", pidFile.get().pid());
            PidFile.removeStale(dataDirectory);
        }
        return start(binaries);
    }

    /** How to connect as this login if the server runs, is ready and its roles are set up; never starts it. */
    public Optional<ConnectionInfo> running(Login login) {
        return readyPort().filter(port -> logins.bootstrapped()).map(port -> connectionInfo(port, login));
    }

    /** Stops the server if it runs; returns whether it was running. */
    public boolean stop() {
        try (FileLock ignored = lock()) {
            Optional<PidFile> pid = PidFile.read(dataDirectory);
            if (pid.isEmpty() || !pid.get().alive()) {
                return false;
            }
            Path binaries = PostgresBinaries.prepare(binariesCache);
            run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                    "stop PostgreSQL");
            return true;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public Status status() {
        Optional<PidFile> pid = PidFile.read(dataDirectory).filter(PidFile::alive);
        return new Status(isInitialised(), pid.isPresent(), pid.map(PidFile::pid), pid.map(PidFile::port),
                dataDirectory);
    }

    /** A data directory, and a way to log in: the superuser's file (before the bootstrap) or the role files. */
    private boolean isInitialised() {
        return Files.isRegularFile(dataDirectory.resolve("PG_VERSION"))
                && (logins.superuserPresent() || logins.loginsPresent());
    }

    private Optional<Integer> readyPort() {
        return PidFile.read(dataDirectory)
                .filter(p -> p.alive() && p.ready())
                .map(PidFile::port);
    }

    private ConnectionInfo connectionInfo(int port, Login login) {
        return new ConnectionInfo("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
                login == Login.OWNER ? DatabaseRoles.OWNER : DatabaseRoles.APP, logins.password(login), port);
    }

    /**
     * The home's lock, held while the server is prepared, started or stopped. A missing home is created 0700; the
     * lock file is opened without following links, and refused unless it is a regular file of this user.
     */
    private FileLock lock() throws IOException {
        PrivateFiles.createDirectories(home);
        FileChannel channel = PrivateFiles.openOwned(home.resolve(".postgres.lock"), "embedded PostgreSQL lock file",
                false);
        try {
            FileLock lock = channel.lock();
            return new ClosingLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void initialise(Path binaries) throws IOException {
        Path staging = home.resolve("pgdata.initialising");
        PostgresBinaries.deleteTree(staging);
        if (Files.exists(dataDirectory)) {
            throw new EmbeddedPostgresException(dataDirectory + " exists but is not a complete PostgreSQL data "
                    + "directory (or its password files " + logins.of(Login.OWNER).getFileName() + " and "
                    + logins.of(Login.APP).getFileName() + " are missing): restore them from a backup, or move the"
                    + " directory away and run the command again");
        }
        // the superuser's password lives only until the role bootstrap has used it (RoleBootstrap)
        Path pwfile = logins.newSuperuserPasswordFile();
        log.info("initialising PostgreSQL data directory {}", dataDirectory);
        run(binaries, List.of("initdb", "-D", staging.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile,
                "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"), "initialise PostgreSQL");
        Files.writeString(staging.resolve("postgresql.conf"), String.join("\n",
                "",
                "# Bazaar embedded server",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "timezone = 'UTC'",
                "max_connections = 100",
                "shared_buffers = 128MB",
                "logging_collector = off",
                ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        logins.commitSuperuser(pwfile);
        Files.move(staging, dataDirectory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private int start(Path binaries) throws IOException {
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 20; attempt++) {
            int port = freePort();
            try {
                run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "-l", home.resolve("postgres.log")
                                .toString(), "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "-o", "-p " + port,
                        "start"), "start PostgreSQL");
                log.info("embedded PostgreSQL running on port {}", port);
                return port;
            } catch (EmbeddedPostgresException e) {
                lastFailure = new IOException(e.getMessage(), e);
                String recentLog = recentLog();
                if (recentLog.contains("could not bind")) {
                    log.warn("port {} was taken meanwhile, trying another", port);
                } else if (recentLog.contains("shared memory block is still in use")) {
                    // backends of a killed server are still exiting; they detach within moments
                    log.info("waiting for the processes of a killed server to exit");
                    pause(Duration.ofMillis(500));
                    PidFile.removeStale(dataDirectory);
                } else {
                    throw e;
                }
            }
        }
        throw lastFailure;
    }

    private int awaitReady(PidFile pid) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PidFile> now = PidFile.read(dataDirectory);
            if (now.isEmpty() || !now.get().alive()) {
                throw new EmbeddedPostgresException("the embedded PostgreSQL stopped while starting: see "
                        + home.resolve("postgres.log"));
            }
            if (now.get().ready()) {
                return now.get().port();
            }
            pause(Duration.ofMillis(100));
        }
        throw new EmbeddedPostgresException("the embedded PostgreSQL (pid " + pid.pid() + ") did not become ready within "
                + START_TIMEOUT.toSeconds() + " s: see " + home.resolve("postgres.log"));
    }

    private String recentLog() {
        try {
            String logText = Files.readString(home.resolve("postgres.log"), StandardCharsets.UTF_8);
            return logText.substring(Math.max(0, logText.length() - 2000));
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while waiting for PostgreSQL");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs a PostgreSQL program; as root inside {@code unshare -U}. Fails with the program's own words.
     * Package-private for the tests that build a home the way an older Bazaar did.
     */
    void run(Path binaries, List<String> command, String what) throws IOException {
        List<String> full = new ArrayList<>();
        boolean root = RootCheck.isRoot();
        if (root) {
            RootCheck.requireUnshare();
            full.add("unshare");
            full.add("-U");
        }
        full.add(binaries.resolve("bin").resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        Path output = Files.createTempFile(home, ".pg-command-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("LC_ALL", "C");
            builder.environment().remove("PGDATA");
            Process process = builder.start();
            boolean finished = process.waitFor(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
                throw new EmbeddedPostgresException("could not " + what + ": no answer within "
                        + (START_TIMEOUT.toSeconds() + 30) + " s");
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(output, StandardCharsets.UTF_8).strip();
                String hint = root ? " (running as root: PostgreSQL runs inside 'unshare -U'; run Bazaar as a normal"
                        + " user or use --db-url if this keeps failing)" : "";
                throw new EmbeddedPostgresException("could not " + what + ": " + lastLines(said, 5) + hint
                        + "; log: " + home.resolve("postgres.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while trying to " + what);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String lastLines(String text, int count) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - count);
        return String.join(" / ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    /** A file lock that also closes its channel. */
    private static final class ClosingLock extends FileLock {
        private final FileLock lock;

        ClosingLock(FileChannel channel, FileLock lock) {
            super(channel, lock.position(), lock.size(), lock.isShared());
            this.lock = lock;
        }

        @Override
        public boolean isValid() {
            return lock.isValid();
        }

        @Override
        public void release() throws IOException {
            lock.release();
            channel().close();
        }
    }
}
