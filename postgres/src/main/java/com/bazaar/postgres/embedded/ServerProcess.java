package com.bazaar.postgres.embedded;

import com.bazaar.postgres.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL server process of a Bazaar home and its files: a data directory, a log and a lock file. Shared by the
 * embedded primary ({@link EmbeddedPostgresServer}) and its local replica ({@link EmbeddedReplica}): starting under
 * the lock, reusing a running server, removing the {@code postmaster.pid} of a killed one, stopping, and running
 * PostgreSQL's programs (as root inside {@code unshare -U}).
 */
final class ServerProcess {

    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path folder;
    private final Path dataDirectory;
    private final Path logFile;
    private final Path lockFile;

    /**
     * @param name          what the server is called in messages ("embedded PostgreSQL")
     * @param folder        the folder of its files, created 0700 when missing; temporary command output goes there
     * @param dataDirectory its data directory
     * @param logFile       where pg_ctl writes its log
     * @param lockFile      the lock held while it is prepared, started or stopped
     */
    ServerProcess(String name, Path folder, Path dataDirectory, Path logFile, Path lockFile) {
        this.name = name;
        this.folder = folder;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.lockFile = lockFile;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * The lock of this server, held while it is prepared, started or stopped. A missing folder is created 0700; the
     * lock file is opened without following links, and refused unless it is a regular file of this user.
     */
    FileLock lock() throws IOException {
        PrivateFiles.createDirectories(folder);
        FileChannel channel = PrivateFiles.openOwned(lockFile, name + " lock file", false);
        try {
            FileLock lock = channel.lock();
            return new ClosingLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The port of the server if it runs and accepts connections. */
    Optional<Integer> readyPort() {
        return PidFile.read(dataDirectory)
                .filter(p -> p.alive() && p.ready())
                .map(PidFile::port);
    }

    /** The pid file of the running server, if one runs. */
    Optional<PidFile> running() {
        return PidFile.read(dataDirectory).filter(PidFile::alive);
    }

    /** The port of the running server, waiting while it starts, else starting it; call with the lock held. */
    int runningOrStarted(Path binaries) throws IOException {
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

    /** Stops the server if it runs (fast shutdown); returns whether it was running. Call with the lock held. */
    boolean stop(Path binaries) throws IOException {
        if (running().isEmpty()) {
            return false;
        }
        run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                "stop " + name);
        return true;
    }

    /** Makes a running server read its configuration files again. */
    void reload(Path binaries) throws IOException {
        run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "reload"), "reload " + name);
    }

    private int start(Path binaries) throws IOException {
        // pg_ctl appends to the log through the shell (umask permissions): a link or FIFO there is what matters
        PrivateFiles.checkRegularIfPresent(logFile, name + " log file");
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 20; attempt++) {
            int port = freePort();
            try {
                run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "-l", logFile.toString(), "-w", "-t",
                        Long.toString(START_TIMEOUT.toSeconds()), "-o", "-p " + port, "start"), "start " + name);
                log.info("{} running on port {}", name, port);
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
                throw new EmbeddedPostgresException("the " + name + " stopped while starting: see " + logFile);
            }
            if (now.get().ready()) {
                return now.get().port();
            }
            pause(Duration.ofMillis(100));
        }
        throw new EmbeddedPostgresException("the " + name + " (pid " + pid.pid() + ") did not become ready within "
                + START_TIMEOUT.toSeconds() + " s: see " + logFile);
    }

    private String recentLog() {
        try {
            String logText = Files.readString(logFile, StandardCharsets.UTF_8);
            return logText.substring(Math.max(0, logText.length() - 2000));
        } catch (IOException e) {
            return "";
        }
    }

    static void pause(Duration duration) {
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

    /** Runs a PostgreSQL program with no input; as root inside {@code unshare -U}. Fails with the program's words. */
    void run(Path binaries, List<String> command, String what) throws IOException {
        run(binaries, command, new File("/dev/null"), what);
    }

    /** Runs a PostgreSQL program reading {@code input}; as root inside {@code unshare -U}. */
    void run(Path binaries, List<String> command, File input, String what) throws IOException {
        List<String> full = new ArrayList<>();
        boolean root = RootCheck.isRoot();
        if (root) {
            RootCheck.requireUnshare();
            full.add("unshare");
            full.add("-U");
        }
        full.add(binaries.resolve("bin").resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        PrivateFiles.createDirectories(folder);
        Path output = Files.createTempFile(folder, ".pg-command-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(input));
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
                        + "; log: " + logFile);
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
