package com.bazaar.postgres.embedded;

import com.bazaar.postgres.connection.ConnectionSettings;
import com.bazaar.postgres.files.PrivateFiles;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local streaming replica of the embedded server of a Bazaar home ({@code bazaar db replica create|start|stop|
 * status}): a hot standby in {@code $BAZAAR_HOME/replica/pgdata}, on its own port, with its own log
 * ({@code replica/postgres.log}) and lock ({@code replica/.postgres.lock}). It is read-only by nature: PostgreSQL
 * refuses every write on a standby.
 *
 * <p>How it is made (zonky ships no {@code pg_basebackup}): the replication login {@value #ROLE} (REPLICATION,
 * allowed {@code pg_backup_start}/{@code pg_backup_stop}, nothing else; its password in the 0600 file
 * {@code db-replication.password}) is created once by the superuser in single-user mode, which stops the primary for
 * a moment ({@link EmbeddedPostgresServer#asSuperuserWhileStopped}); then a physical replication slot
 * {@value #SLOT} keeps the WAL the replica needs, {@code pg_backup_start} → a copy of the data directory (without the
 * pid file, WAL and slots) → {@code pg_backup_stop}, whose label becomes {@code backup_label}; {@code standby.signal}
 * and {@code primary_conninfo}/{@code primary_slot_name} in {@code postgresql.auto.conf} make it stream. The password
 * reaches the replica through a 0600 password file ({@code replica/replication.pgpass}), never its configuration.
 *
 * <p>The primary listens on a new port after each start: {@link #start} and {@link #running} point the replica at the
 * primary's current port (rewriting {@code primary_conninfo} and reloading) whenever it moved.
 */
public final class EmbeddedReplica {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedReplica.class);

    public static final String ROLE = "bazaar_replication";
    public static final String SLOT = "bazaar_replica";
    private static final String CONNINFO_KEY = "primary_conninfo";
    private static final Pattern CONNINFO_PORT = Pattern.compile("^primary_conninfo = '.* port=(\\d+) .*'$",
            Pattern.MULTILINE);
    private static final int MAX_CONF_BYTES = 1 << 20;
    /** Files of the primary's data directory a replica must not get (pg_basebackup leaves them out too). */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "standby.signal", "recovery.signal");
    /** Folders copied empty: WAL (streamed from the slot instead), slots, and run-time state. */
    private static final Set<String> EMPTIED_FOLDERS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    /** What {@code bazaar db replica status} reports about the replica's process. */
    public record Status(boolean created, boolean running, Optional<Long> pid, Optional<Integer> port,
                         Path dataDirectory) {
    }

    private final EmbeddedPostgresServer primary;
    private final Path folder;
    private final Path dataDirectory;
    private final Path passFile;
    private final ServerProcess process;

    public EmbeddedReplica(EmbeddedPostgresServer primary) {
        this.primary = primary;
        this.folder = primary.home().resolve("replica");
        this.dataDirectory = folder.resolve("pgdata");
        this.passFile = folder.resolve("replication.pgpass");
        this.process = new ServerProcess("local replica", folder, dataDirectory, folder.resolve("postgres.log"),
                folder.resolve(".postgres.lock"));
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Whether a replica was made in this home (its data directory is complete). */
    public boolean created() {
        return Files.isRegularFile(dataDirectory.resolve("standby.signal"), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Makes the replica from the running primary (started if needed) and starts it; refused when one exists. The first
     * time, the primary is restarted once to create the replication login.
     */
    public EmbeddedPostgresServer.ConnectionInfo create() {
        try (FileLock ignored = process.lock()) {
            checkFiles();
            if (Files.exists(dataDirectory, LinkOption.NOFOLLOW_LINKS)) {
                throw new EmbeddedPostgresException("a replica exists already in " + dataDirectory + ": 'bazaar db"
                        + " replica start' starts it; to make a new one, stop it and move " + folder + " away");
            }
            String password = replicationLogin();
            int primaryPort = primary.ensureRunning(EmbeddedPostgresServer.Login.APP).port();
            Path staging = folder.resolve("pgdata.creating");
            PostgresBinaries.deleteTree(staging);
            baseBackup(primaryPort, password, staging);
            PrivateFiles.replaceSecret(passFile, "127.0.0.1:*:replication:" + ROLE + ":" + pgpassEscaped(password)
                    + "\n", "replication password file");
            Files.writeString(staging.resolve("standby.signal"), "", StandardCharsets.UTF_8);
            Files.writeString(staging.resolve("postgresql.auto.conf"), String.join("\n", "",
                    "# Bazaar local replica (bazaar db replica create)",
                    "primary_slot_name = '" + SLOT + "'",
                    "hot_standby = on",
                    "hot_standby_feedback = on",
                    conninfoLine(primaryPort), ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            Files.move(staging, dataDirectory, StandardCopyOption.ATOMIC_MOVE);
            log.info("made a replica of the embedded PostgreSQL in {}", dataDirectory);
            int port = process.runningOrStarted(PostgresBinaries.prepare(primary.binariesCache()));
            return primary.connectionInfo(port, EmbeddedPostgresServer.Login.APP);
        } catch (IOException | SQLException e) {
            throw new EmbeddedPostgresException("could not make the replica: " + firstLine(e), e);
        }
    }

    /** Starts the replica (and the primary, which it streams from) unless it runs; how to connect to it. */
    public EmbeddedPostgresServer.ConnectionInfo start() {
        try (FileLock ignored = process.lock()) {
            checkFiles();
            requireCreated();
            int primaryPort = primary.ensureRunning(EmbeddedPostgresServer.Login.APP).port();
            Path binaries = PostgresBinaries.prepare(primary.binariesCache());
            boolean moved = pointAt(primaryPort);
            if (moved && process.readyPort().isPresent()) {
                process.reload(binaries);
            }
            int port = process.runningOrStarted(binaries);
            return primary.connectionInfo(port, EmbeddedPostgresServer.Login.APP);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not start the replica: " + firstLine(e), e);
        }
    }

    /**
     * How to connect to the replica if it runs and accepts connections; never starts it (nor the primary). When the
     * running primary moved to another port since, the replica is pointed at it first.
     */
    public Optional<EmbeddedPostgresServer.ConnectionInfo> running() {
        Optional<Integer> port = process.readyPort();
        if (port.isEmpty()) {
            return Optional.empty();
        }
        primary.running(EmbeddedPostgresServer.Login.APP).ifPresent(p -> follow(p.port()));
        return Optional.of(primary.connectionInfo(port.get(), EmbeddedPostgresServer.Login.APP));
    }

    /** Stops the replica if it runs (the primary keeps running); returns whether it was running. */
    public boolean stop() {
        try (FileLock ignored = process.lock()) {
            return process.stop(PostgresBinaries.prepare(primary.binariesCache()));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not stop the replica: " + firstLine(e), e);
        }
    }

    /**
     * Retires the replica for good: stops it, drops its replication slot on the primary (so the primary stops keeping
     * WAL for it; the primary is started for that if needed) and deletes {@code $BAZAAR_HOME/replica}. Returns whether
     * there was one. A slot another replica streams from is refused, and nothing is deleted then.
     */
    public boolean drop() {
        try (FileLock ignored = process.lock()) {
            checkFiles();
            boolean existed = Files.exists(dataDirectory, LinkOption.NOFOLLOW_LINKS);
            process.stop(PostgresBinaries.prepare(primary.binariesCache()));
            Optional<String> password = primary.logins().replicationPassword();
            if (password.isPresent()) {
                int port = primary.ensureRunning(EmbeddedPostgresServer.Login.APP).port();
                try (Connection c = connect(port, password.get())) {
                    dropSlot(c);
                } catch (SQLException e) {
                    if (!"28P01".equals(e.getSQLState()) && !"28000".equals(e.getSQLState())) {
                        throw e;
                    }
                    // no replication login on this primary (never made, or an older home): no slot of ours either
                }
            }
            Path retired = folder.resolveSibling("replica.dropping");
            PostgresBinaries.deleteTree(retired);
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(folder, retired, StandardCopyOption.ATOMIC_MOVE);
                PostgresBinaries.deleteTree(retired);
            }
            log.info("dropped the local replica and its replication slot");
            return existed;
        } catch (IOException | SQLException e) {
            throw new EmbeddedPostgresException("could not drop the replica: " + firstLine(e), e);
        }
    }

    public Status status() {
        Optional<PidFile> pid = created() ? process.running() : Optional.empty();
        return new Status(created(), pid.isPresent(), pid.map(PidFile::pid), pid.map(PidFile::port), dataDirectory);
    }

    private void follow(int primaryPort) {
        if (Optional.of(primaryPort).equals(conninfoPort())) {
            return;
        }
        try (FileLock ignored = process.lock()) {
            if (pointAt(primaryPort) && process.readyPort().isPresent()) {
                log.info("the primary moved to port {}: pointing the replica at it", primaryPort);
                process.reload(PostgresBinaries.prepare(primary.binariesCache()));
            }
        } catch (IOException e) {
            log.warn("could not point the replica at the primary's new port {}: {}", primaryPort, firstLine(e));
        }
    }

    /** The replication login's password: the file's if the login works, else a new login made as the superuser. */
    private String replicationLogin() throws SQLException {
        LoginFiles logins = primary.logins();
        Optional<String> existing = logins.replicationPassword();
        int port = primary.ensureRunning(EmbeddedPostgresServer.Login.APP).port();
        if (existing.isPresent() && loginWorks(port, existing.get())) {
            return existing.get();
        }
        String password = logins.newReplicationPassword();
        // hashed here (SCRAM): the password itself never reaches the server, its log or the statement file
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        primary.asSuperuserWhileStopped(List.of(
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '" + ROLE + "') THEN"
                        + " CREATE ROLE " + ROLE + "; END IF; END$$",
                "ALTER ROLE " + ROLE + " LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS"
                        + " PASSWORD '" + verifier + "'",
                "GRANT EXECUTE ON FUNCTION pg_catalog.pg_backup_start(text, boolean) TO " + ROLE,
                "GRANT EXECUTE ON FUNCTION pg_catalog.pg_backup_stop(boolean) TO " + ROLE,
                "GRANT CONNECT ON DATABASE postgres TO " + ROLE), "create the replication login");
        return password;
    }

    private static boolean loginWorks(int port, String password) {
        try (Connection ignored = connect(port, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect(int port, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                ConnectionSettings.DEFAULT.driverProperties(ROLE, password));
    }

    /** A slot that keeps the WAL from before the backup, then a non-exclusive base backup into {@code target}. */
    private void baseBackup(int primaryPort, String password, Path target) throws SQLException, IOException {
        try (Connection c = connect(primaryPort, password)) {
            freshSlot(c);
            try (PreparedStatement st = c.prepareStatement("SELECT pg_catalog.pg_backup_start(?, true)")) {
                st.setString(1, "bazaar-replica");
                st.execute();
            }
            // a failure below ends the session, and with it the backup
            copy(primary.dataDirectory(), target);
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT labelfile, spcmapfile FROM pg_catalog.pg_backup_stop(false)");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                Files.writeString(target.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
                String tablespaces = rs.getString(2);
                if (tablespaces != null && !tablespaces.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), tablespaces, StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Drops a slot left by an earlier replica (unless one streams from it) and makes a new one that keeps WAL now. */
    private static void freshSlot(Connection c) throws SQLException {
        dropSlot(c);
        try (PreparedStatement st = c.prepareStatement("SELECT pg_catalog.pg_create_physical_replication_slot(?, true)")) {
            st.setString(1, SLOT);
            st.execute();
        }
    }

    /** Drops the replica's slot if there is one; refused while a replica streams from it. */
    private static void dropSlot(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT active FROM pg_catalog.pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, SLOT);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    if (rs.getBoolean(1)) {
                        throw new EmbeddedPostgresException("another replica streams from the replication slot "
                                + SLOT + " of this primary: stop it first");
                    }
                    try (PreparedStatement drop = c.prepareStatement("SELECT pg_catalog.pg_drop_replication_slot(?)")) {
                        drop.setString(1, SLOT);
                        drop.execute();
                    }
                }
            }
        }
    }

    /**
     * Copies the primary's data directory as it is being written (the WAL replayed from the backup's start makes it
     * consistent): folders 0700, files 0600, never following a link; files that vanish meanwhile are left out.
     */
    private static void copy(Path source, Path target) throws IOException {
        var folderMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        var fileMode = PosixFilePermissions.fromString("rw-------");
        Files.walkFileTree(source, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(dir);
                Files.createDirectory(target.resolve(relative), folderMode);
                if (relative.getNameCount() == 1 && EMPTIED_FOLDERS.contains(relative.toString())) {
                    if (relative.toString().equals("pg_wal")) {
                        Files.createDirectory(target.resolve("pg_wal/archive_status"), folderMode);
                        Files.createDirectory(target.resolve("pg_wal/summaries"), folderMode);
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(file);
                if (attrs.isSymbolicLink()) {
                    throw new EmbeddedPostgresException("the data directory holds a symbolic link (" + relative
                            + ": a tablespace or a moved pg_wal): the local replica supports neither");
                }
                if (!attrs.isRegularFile() || SKIPPED_FILES.contains(relative.toString())
                        || relative.getFileName().toString().startsWith("pgsql_tmp")) {
                    return FileVisitResult.CONTINUE;
                }
                Path copy = target.resolve(relative);
                try {
                    Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    return FileVisitResult.CONTINUE; // dropped by the server meanwhile: the WAL says so too
                }
                Files.setPosixFilePermissions(copy, fileMode);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** Points {@code primary_conninfo} at this port; returns whether it changed. Call with the lock held. */
    private boolean pointAt(int primaryPort) throws IOException {
        if (Optional.of(primaryPort).equals(conninfoPort())) {
            return false;
        }
        Path conf = dataDirectory.resolve("postgresql.auto.conf");
        List<String> lines = new ArrayList<>(autoConf().lines()
                .filter(line -> !line.startsWith(CONNINFO_KEY + " ")).toList());
        lines.add(conninfoLine(primaryPort));
        Path staged = dataDirectory.resolve("postgresql.auto.conf.new");
        Files.deleteIfExists(staged);
        Files.writeString(staged, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
        Files.move(staged, conf, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private Optional<Integer> conninfoPort() {
        Matcher m = CONNINFO_PORT.matcher(autoConf());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private String autoConf() {
        return PrivateFiles.readOwnedIfPresent(dataDirectory.resolve("postgresql.auto.conf"),
                "replica configuration file", MAX_CONF_BYTES).orElse("");
    }

    /** The line that makes the replica stream from the primary on this port; the password is in the pass file. */
    private String conninfoLine(int primaryPort) {
        String conninfo = "host=127.0.0.1 port=" + primaryPort + " user=" + ROLE + " passfile="
                + conninfoQuoted(passFile.toString()) + " application_name=" + SLOT + " connect_timeout=5";
        return CONNINFO_KEY + " = " + confQuoted(conninfo);
    }

    private void requireCreated() {
        if (!created()) {
            throw new EmbeddedPostgresException("there is no replica in " + folder + ": 'bazaar db replica create'"
                    + " makes one");
        }
    }

    /** The replica's folder must be this user's and closed to others; no link or FIFO where its files go. */
    private void checkFiles() {
        PrivateFiles.checkDirectory(folder, "replica folder");
        PrivateFiles.checkSecretIfPresent(passFile, "replication password file");
        PrivateFiles.checkRegularIfPresent(process.logFile(), "replica log file");
        primary.logins().checkSafe();
    }

    /** A value of a libpq connection string: single-quoted, backslash and quote escaped. */
    private static String conninfoQuoted(String value) {
        requirePrintable(value);
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A string of a PostgreSQL configuration file: single-quoted, quote doubled, backslash escaped. */
    private static String confQuoted(String value) {
        requirePrintable(value);
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String pgpassEscaped(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static void requirePrintable(String value) {
        if (value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new EmbeddedPostgresException("the path of $BAZAAR_HOME holds a control character: the replica"
                    + " cannot name it in its configuration; use another home");
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
