package com.bazaar.postgres.embedded;

import com.bazaar.postgres.DatabaseRoles;
import com.bazaar.postgres.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

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
    private final ServerProcess process;

    /**
     * @param home          the Bazaar home ({@code $BAZAAR_HOME}); the data directory is {@code home/pgdata}
     * @param binariesCache where unpacked PostgreSQL binaries are kept (shared across homes)
     */
    public EmbeddedPostgresServer(Path home, Path binariesCache) {
        this.home = home.toAbsolutePath();
        this.dataDirectory = this.home.resolve("pgdata");
        this.binariesCache = binariesCache.toAbsolutePath();
        this.logins = new LoginFiles(this.home);
        this.process = new ServerProcess("embedded PostgreSQL", this.home, dataDirectory, this.home.resolve(
                "postgres.log"), this.home.resolve(".postgres.lock"));
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    Path home() {
        return home;
    }

    Path binariesCache() {
        return binariesCache;
    }

    LoginFiles logins() {
        return logins;
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
        try (FileLock ignored = process.lock()) {
            logins.checkSafe();
            // pg_ctl appends to the log through the shell (umask permissions): a link or FIFO there is what matters
            PrivateFiles.checkRegularIfPresent(home.resolve("postgres.log"), "PostgreSQL log file");
            Path binaries = PostgresBinaries.prepare(binariesCache);
            if (!isInitialised()) {
                initialise(binaries);
            }
            int port = process.runningOrStarted(binaries);
            if (!logins.bootstrapped()) {
                new RoleBootstrap(port, logins).complete();
            }
            return connectionInfo(port, login);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not start the embedded PostgreSQL in " + home + ": "
                    + e.getMessage(), e);
        }
    }

    /** How to connect as this login if the server runs, is ready and its roles are set up; never starts it. */
    public Optional<ConnectionInfo> running(Login login) {
        return readyPort().filter(port -> logins.bootstrapped()).map(port -> connectionInfo(port, login));
    }

    /** Stops the server if it runs; returns whether it was running. */
    public boolean stop() {
        try (FileLock ignored = process.lock()) {
            if (process.running().isEmpty()) {
                return false;
            }
            return process.stop(PostgresBinaries.prepare(binariesCache));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public Status status() {
        Optional<PidFile> pid = process.running();
        return new Status(isInitialised(), pid.isPresent(), pid.map(PidFile::pid), pid.map(PidFile::port),
                dataDirectory);
    }

    /** A data directory, and a way to log in: the superuser's file (before the bootstrap) or the role files. */
    private boolean isInitialised() {
        return Files.isRegularFile(dataDirectory.resolve("PG_VERSION"))
                && (logins.superuserPresent() || logins.loginsPresent());
    }

    private Optional<Integer> readyPort() {
        return process.readyPort();
    }

    /** How a login of this home connects to the server on {@code port} (the primary's, or its replica's). */
    ConnectionInfo connectionInfo(int port, Login login) {
        return new ConnectionInfo("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
                login == Login.OWNER ? DatabaseRoles.OWNER : DatabaseRoles.APP, logins.password(login), port);
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

    /**
     * Runs SQL as the superuser, in single-user mode ({@code postgres --single}), for what only a superuser may do
     * once the superuser can no longer log in (the replication login, {@link EmbeddedReplica}): the server is
     * stopped for it and started again, all under its lock. Statements one per line; the first error stops them.
     * Returns the port of the restarted server.
     */
    int asSuperuserWhileStopped(List<String> statements, String what) {
        ensureRunning(Login.APP); // initialised and bootstrapped
        try (FileLock ignored = process.lock()) {
            Path binaries = PostgresBinaries.prepare(binariesCache);
            process.stop(binaries);
            Path input = Files.createTempFile(home, ".pg-single-", ".sql");
            try {
                Files.writeString(input, String.join("\n", statements) + "\n", StandardCharsets.UTF_8);
                log.info("stopped the embedded PostgreSQL to {} as its superuser", what);
                process.run(binaries, List.of("postgres", "--single", "-D", dataDirectory.toString(), "-c",
                        "exit_on_error=true", "postgres"), input.toFile(), what);
            } finally {
                Files.deleteIfExists(input);
            }
            return process.runningOrStarted(binaries);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a PostgreSQL program; as root inside {@code unshare -U}. Fails with the program's own words.
     * Package-private for the tests that build a home the way an older Bazaar did.
     */
    void run(Path binaries, List<String> command, String what) throws IOException {
        process.run(binaries, command, what);
    }
}
