package com.bazaar.postgres.embedded;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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
 */
public final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String DATABASE = "bazaar";
    public static final String SUPERUSER = "bazaar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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

    /**
     * @param home          the Bazaar home ({@code $BAZAAR_HOME}); the data directory is {@code home/pgdata}
     * @param binariesCache where unpacked PostgreSQL binaries are kept (shared across homes)
     */
    public EmbeddedPostgresServer(Path home, Path binariesCache) {
        this.home = home.toAbsolutePath();
        this.dataDirectory = this.home.resolve("pgdata");
        this.binariesCache = binariesCache.toAbsolutePath();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Returns how to connect, starting (and on first use initialising) the server when it is not running. */
    public ConnectionInfo ensureRunning() {
        Optional<ConnectionInfo> ready = readyServer();
        if (ready.isPresent()) {
            return ready.get();
        }
        try (FileLock ignored = lock()) {
            Path binaries = PostgresBinaries.prepare(binariesCache);
            if (!isInitialised()) {
                initialise(binaries);
            }
            ready = readyServer();
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
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not start the embedded PostgreSQL in " + home + ": "
                    + e.getMessage(), e);
        }
    }

    /** How to connect to the server if it runs and is ready now; never starts it. */
    public Optional<ConnectionInfo> running() {
        return readyServer();
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

    private boolean isInitialised() {
        return Files.isRegularFile(dataDirectory.resolve("PG_VERSION")) && Files.isRegularFile(passwordFile());
    }

    private Optional<ConnectionInfo> readyServer() {
        return PidFile.read(dataDirectory)
                .filter(p -> p.alive() && p.ready())
                .map(p -> connectionInfo(p.port()));
    }

    private ConnectionInfo connectionInfo(int port) {
        return new ConnectionInfo("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, SUPERUSER, password(), port);
    }

    private Path passwordFile() {
        return home.resolve("postgres.password");
    }

    private String password() {
        try {
            return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read " + passwordFile() + ": " + e.getMessage(), e);
        }
    }

    private FileLock lock() throws IOException {
        Files.createDirectories(home);
        FileChannel channel = FileChannel.open(home.resolve(".postgres.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
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
                    + "directory (or " + passwordFile() + " is missing): move it away and run the command again");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path pwfile = home.resolve("postgres.password.new");
        Files.deleteIfExists(pwfile);
        Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
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
        Files.move(pwfile, passwordFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, dataDirectory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private ConnectionInfo start(Path binaries) throws IOException {
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 20; attempt++) {
            int port = freePort();
            try {
                run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "-l", home.resolve("postgres.log")
                                .toString(), "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "-o", "-p " + port,
                        "start"), "start PostgreSQL");
                ConnectionInfo info = connectionInfo(port);
                createDatabaseIfMissing(info);
                log.info("embedded PostgreSQL running on port {}", port);
                return info;
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

    private ConnectionInfo awaitReady(PidFile pid) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PidFile> now = PidFile.read(dataDirectory);
            if (now.isEmpty() || !now.get().alive()) {
                throw new EmbeddedPostgresException("the embedded PostgreSQL stopped while starting: see "
                        + home.resolve("postgres.log"));
            }
            if (now.get().ready()) {
                return connectionInfo(now.get().port());
            }
            pause(Duration.ofMillis(100));
        }
        throw new EmbeddedPostgresException("the embedded PostgreSQL (pid " + pid.pid() + ") did not become ready within "
                + START_TIMEOUT.toSeconds() + " s: see " + home.resolve("postgres.log"));
    }

    private void createDatabaseIfMissing(ConnectionInfo info) {
        Properties props = new Properties();
        props.setProperty("user", info.user());
        props.setProperty("password", info.password());
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + info.port() + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, props);
             var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            check.setString(1, DATABASE);
            try (var rs = check.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL started but the database '" + DATABASE
                    + "' could not be created: " + e.getMessage(), e);
        }
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

    /** Runs a PostgreSQL program; as root inside {@code unshare -U}. Fails with the program's own words. */
    private void run(Path binaries, List<String> command, String what) throws IOException {
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
