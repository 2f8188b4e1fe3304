package com.bazaar.events.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker (KRaft) that belongs to one Bazaar home, the way the embedded PostgreSQL
 * does: {@code bazaar kafka start} (or the first command that needs Kafka, through {@link #ensureRunning()}) formats
 * its storage once and starts it as a JVM of its own; it then keeps running, outliving the command that started it,
 * until {@code bazaar kafka stop}.
 *
 * <p>Files, all in {@code $BAZAAR_HOME/kafka} (created 0700): {@code server.properties} (written once; the ports),
 * {@code data/} (the metadata and topic logs), {@code kafka.log} (the broker's output), {@code broker.pid} and
 * {@code .lock}. Private files go through {@link BrokerFiles}: never a link, never another user's.
 *
 * <p>Robustness rules: starting and stopping happen under a file lock ({@code .lock}) that the operating system
 * releases when a command is killed with {@code kill -9}, so two starts never race; the storage is formatted into a
 * staging folder renamed into place when complete; the broker runs in its own session ({@code setsid}), its input
 * from {@code /dev/null} and its output in the log, so neither the end of the starting command nor a Ctrl-C in its
 * terminal reaches it; a pid file is believed only when its process is this home's broker ({@link BrokerPidFile}),
 * else it is stale: reported by {@link #status()}, replaced by the next start; a broker whose pid file was lost is
 * found by its command line. Kafka, unlike PostgreSQL, runs as root as it is.
 */
public final class LocalKafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    /** The broker's main class, from {@code kafka_2.13} on this program's class path. */
    public static final String MAIN_CLASS = "kafka.Kafka";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** The broker JVM's maximum heap unless {@code kafka.heap} says otherwise: enough for a home's topics. */
    public static final String DEFAULT_HEAP = "512m";
    private static final Pattern HEAP = Pattern.compile("([1-9][0-9]{0,5})([mg])");
    private static final long MIN_HEAP_MB = 256;
    private static final long MAX_HEAP_MB = 64 * 1024;
    /** {@code kafka.log} is set aside as {@code kafka.log.1} (replacing the one before) when a start finds it larger. */
    static final long LOG_ROTATE_BYTES = 16L * 1024 * 1024;
    /** How much of the end of the log a failed start quotes from (read, not the whole file). */
    private static final int LOG_TAIL_BYTES = 64 * 1024;

    /** What {@code bazaar kafka status} reports. */
    public enum State {
        /** The broker runs and accepts connections. */
        RUNNING,
        /** The broker's process runs but does not accept connections yet. */
        STARTING,
        /** No broker runs (and no pid file says otherwise). */
        STOPPED,
        /** A pid file names a process that is gone or is not this home's broker: the broker died. */
        STALE
    }

    /**
     * The broker as it is now. {@code bootstrapServers} is known once the first start chose the ports;
     * {@code pid} is the running broker's, or the stale pid file's when {@link State#STALE}.
     */
    public record Status(State state, Optional<Long> pid, Optional<String> bootstrapServers, Path directory,
                         Path dataDirectory, Path logFile) {
        public boolean running() {
            return state == State.RUNNING;
        }
    }

    /** What a start did. */
    public sealed interface StartOutcome permits Started, AlreadyRunning {
        long pid();

        String bootstrapServers();
    }

    /**
     * A broker started now. {@code stalePid}: the pid of a stale pid file that was replaced; {@code formatted}: the
     * storage was formatted first (the home's first start); {@code portsChanged}: a remembered port was taken.
     */
    public record Started(long pid, String bootstrapServers, Optional<Long> stalePid, boolean formatted,
                          boolean portsChanged) implements StartOutcome {
    }

    /** The broker ran already (started by an earlier command, perhaps one that was killed while it waited). */
    public record AlreadyRunning(long pid, String bootstrapServers) implements StartOutcome {
    }

    /** What a stop did. */
    public sealed interface StopOutcome permits Stopped, NotRunning {
    }

    /** The broker with this pid was running and has exited after SIGTERM. */
    public record Stopped(long pid) implements StopOutcome {
    }

    /** No broker ran; {@code stalePid}: a stale pid file of this pid was removed. */
    public record NotRunning(Optional<Long> stalePid) implements StopOutcome {
    }

    private final Path directory;
    private final Path dataDirectory;
    private final Path serverProperties;
    private final Path pidFile;
    private final Path logFile;
    private final Path rotatedLogFile;
    private final BrokerFiles files;
    private final ChildJvm jvm;
    private final String maxHeap;

    /** A broker with the default heap ({@link #DEFAULT_HEAP}). */
    public LocalKafkaBroker(Path home, BrokerFiles files, ChildJvm jvm) {
        this(home, files, jvm, DEFAULT_HEAP);
    }

    /**
     * @param home    the Bazaar home; the broker's files are in {@code home/kafka}
     * @param files   how private files are read and written
     * @param jvm     how the broker's JVM is launched (the same class path as this one: {@link ChildJvm#current()})
     * @param maxHeap the broker JVM's maximum heap ({@code -Xmx}), {@code 256m} to {@code 64g} ({@link #validHeap});
     *                taken at the next start
     */
    public LocalKafkaBroker(Path home, BrokerFiles files, ChildJvm jvm, String maxHeap) {
        this.maxHeap = validHeap(maxHeap);
        this.directory = home.toAbsolutePath().resolve("kafka");
        this.dataDirectory = directory.resolve("data");
        this.serverProperties = directory.resolve("server.properties");
        this.pidFile = directory.resolve("broker.pid");
        this.logFile = directory.resolve("kafka.log");
        this.rotatedLogFile = directory.resolve("kafka.log.1");
        this.files = files;
        this.jvm = jvm;
    }

    /**
     * The heap size as the broker's JVM takes it ({@code 512m}, {@code 2g}), refused (IllegalArgumentException, saying
     * what is allowed) unless it is a whole number of megabytes or gigabytes from 256m to 64g.
     */
    public static String validHeap(String heap) {
        var m = HEAP.matcher(heap == null ? "" : heap.strip().toLowerCase(java.util.Locale.ROOT));
        long mb = m.matches() ? Long.parseLong(m.group(1)) * (m.group(2).equals("g") ? 1024 : 1) : -1;
        if (mb < MIN_HEAP_MB || mb > MAX_HEAP_MB) {
            throw new IllegalArgumentException("the broker's heap must be megabytes or gigabytes from 256m to 64g,"
                    + " e.g. 512m or 2g");
        }
        return m.group(1) + m.group(2);
    }

    public Path directory() {
        return directory;
    }

    public Path logFile() {
        return logFile;
    }

    /** The bootstrap servers of the running broker, starting it (and formatting it the first time) if need be. */
    public String ensureRunning() {
        Status status = status();
        if (status.running()) {
            return status.bootstrapServers().orElseThrow();
        }
        return start().bootstrapServers();
    }

    /** Starts the broker unless it runs; waits until it accepts clients. */
    public StartOutcome start() {
        files.createPrivateDirectory(directory);
        try (Lock ignored = lock()) {
            Optional<Long> stalePid = Optional.empty();
            Optional<BrokerPidFile> recorded = readPid();
            if (recorded.isPresent()) {
                if (recorded.get().liveness(serverProperties) == BrokerPidFile.Liveness.OURS) {
                    return alreadyRunning(recorded.get().pid());
                }
                log.info("removing the stale Kafka pid file of pid {}", recorded.get().pid());
                stalePid = Optional.of(recorded.get().pid());
                Files.deleteIfExists(pidFile);
            }
            Optional<Long> unrecorded = findBroker();
            if (unrecorded.isPresent()) { // its starter was killed before it wrote the pid file, or the file was lost
                files.writePrivate(pidFile, new BrokerPidFile(unrecorded.get()).text(), "Kafka pid file");
                return alreadyRunning(unrecorded.get());
            }
            files.checkRegular(logFile, "Kafka broker log");
            Optional<BrokerProperties> remembered = readProperties();
            BrokerProperties properties = withFreePorts(remembered);
            boolean portsChanged = remembered.isPresent() && !remembered.get().equals(properties);
            if (remembered.isEmpty() || portsChanged) {
                files.writePrivate(serverProperties, properties.text(), "Kafka server.properties");
            }
            boolean formatted = formatIfNeeded();
            rotateLogIfLarge();
            Process launched = launch();
            long pid = launched.pid();
            awaitReady(pid, properties, Optional.of(launched));
            log.info("local Kafka broker running as pid {} at {}", pid, properties.bootstrapServers());
            return new Started(pid, properties.bootstrapServers(), stalePid, formatted, portsChanged);
        } catch (IOException e) {
            throw new KafkaBrokerException("could not start the local Kafka broker in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stops the broker if it runs: SIGTERM, then waits for it to exit (Kafka's controlled shutdown). */
    public StopOutcome stop() {
        if (!Files.isDirectory(directory)) {
            return new NotRunning(Optional.empty());
        }
        try (Lock ignored = lock()) {
            Optional<BrokerPidFile> recorded = readPid();
            Optional<Long> running = recorded
                    .filter(p -> p.liveness(serverProperties) == BrokerPidFile.Liveness.OURS)
                    .map(BrokerPidFile::pid).or(this::findBroker);
            if (running.isEmpty()) {
                Files.deleteIfExists(pidFile);
                return new NotRunning(recorded.map(BrokerPidFile::pid));
            }
            long pid = running.get();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (new BrokerPidFile(pid).liveness(serverProperties) == BrokerPidFile.Liveness.OURS) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaBrokerException("the local Kafka broker (pid " + pid + ") did not stop within "
                            + STOP_TIMEOUT.toSeconds() + " s of SIGTERM: see " + logFile + "; as a last resort 'kill -9 "
                            + pid + "' (Kafka recovers its logs at the next start)");
                }
                pause(Duration.ofMillis(200));
            }
            Files.deleteIfExists(pidFile);
            log.info("local Kafka broker (pid {}) stopped", pid);
            return new Stopped(pid);
        } catch (IOException e) {
            throw new KafkaBrokerException("could not stop the local Kafka broker in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The broker's state; starts nothing, changes nothing. */
    public Status status() {
        Optional<String> bootstrap = readProperties().map(BrokerProperties::bootstrapServers);
        Optional<BrokerPidFile> recorded = Files.isDirectory(directory) ? readPid() : Optional.empty();
        Optional<Long> running = recorded.filter(p -> p.liveness(serverProperties) == BrokerPidFile.Liveness.OURS)
                .map(BrokerPidFile::pid);
        if (running.isEmpty() && Files.isDirectory(directory)) {
            running = findBroker();
        }
        if (running.isPresent()) {
            boolean accepting = readProperties().map(p -> accepts(p.brokerPort())).orElse(false);
            return new Status(accepting ? State.RUNNING : State.STARTING, running, bootstrap, directory, dataDirectory,
                    logFile);
        }
        if (recorded.isPresent()) {
            return new Status(State.STALE, recorded.map(BrokerPidFile::pid), bootstrap, directory, dataDirectory,
                    logFile);
        }
        return new Status(State.STOPPED, Optional.empty(), bootstrap, directory, dataDirectory, logFile);
    }

    // ---- starting ----

    private AlreadyRunning alreadyRunning(long pid) {
        BrokerProperties properties = readProperties().orElseThrow(() -> new KafkaBrokerException("a Kafka broker runs"
                + " as pid " + pid + " but " + serverProperties + " names no ports bazaar can read: stop it ('kafka"
                + " stop') and start it again"));
        awaitReady(pid, properties, Optional.empty());
        return new AlreadyRunning(pid, properties.bootstrapServers());
    }

    /** The remembered ports when both are free, else new free ones (the first start: new ones). */
    private BrokerProperties withFreePorts(Optional<BrokerProperties> remembered) throws IOException {
        if (remembered.isPresent() && free(remembered.get().brokerPort()) && free(remembered.get().controllerPort())) {
            return remembered.get();
        }
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket controller = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BrokerProperties chosen = new BrokerProperties(broker.getLocalPort(), controller.getLocalPort(),
                    dataDirectory);
            remembered.ifPresent(old -> log.warn("Kafka port {} or {} is taken by another program: the local broker"
                    + " moves to {}", old.brokerPort(), old.controllerPort(), chosen.bootstrapServers()));
            return chosen;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Formats the storage once (a cluster id, the metadata version, this node's id), as {@code kafka-storage.sh
     * format} does, into {@code data.formatting}, renamed to {@code data} when complete. Returns whether it formatted.
     */
    private boolean formatIfNeeded() throws IOException {
        if (Files.isRegularFile(dataDirectory.resolve("meta.properties"))) {
            return false;
        }
        if (Files.exists(dataDirectory)) {
            throw new KafkaBrokerException(dataDirectory + " exists but is not a formatted Kafka data directory (no"
                    + " meta.properties): move it away and start again (its topics are lost), or restore it from a"
                    + " backup");
        }
        Path staging = directory.resolve("data.formatting");
        deleteTree(staging);
        files.createPrivateDirectory(staging);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        log.info("formatting the Kafka storage {}", dataDirectory);
        try (PrintStream print = new PrintStream(said, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(staging.toString())
                    .addDirectory(staging.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new KafkaBrokerException("could not format the Kafka storage " + staging + ": " + e.getMessage()
                    + " " + said.toString(StandardCharsets.UTF_8).strip(), e);
        }
        Files.move(staging, dataDirectory, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Starts the broker's JVM, detached: its own session, no input, output appended to the log; writes the pid. */
    private Process launch() throws IOException {
        List<String> command = new ArrayList<>();
        setsid().ifPresent(setsid -> command.add(setsid.toString()));
        List<String> options = List.of("-Xms128m", "-Xmx" + maxHeap, "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=com/bazaar/events/broker/broker-logback.xml");
        command.addAll(jvm.command(MAIN_CLASS, options, List.of(serverProperties.toString())));
        Files.writeString(logFile, System.lineSeparator() + "---- bazaar kafka start at " + Instant.now() + " ----"
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        // the broker needs none of bazaar's settings, and must not inherit a password or token among them
        builder.environment().keySet().removeIf(name -> name.startsWith("BAZAAR_"));
        Process process = builder.start();
        files.writePrivate(pidFile, new BrokerPidFile(process.pid()).text(), "Kafka pid file");
        return process;
    }

    private static Optional<Path> setsid() {
        String path = System.getenv("PATH");
        Stream<String> folders = Stream.concat(path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator)),
                Stream.of("/usr/bin", "/bin"));
        return folders.filter(f -> !f.isBlank()).map(f -> Path.of(f, "setsid")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Waits until the broker accepts clients and reports itself in the cluster; fails when it exits meanwhile. A broker
     * this call {@code launched} has exited when its process has: right after the launch its command line is not yet
     * the broker's (the JDK starts a child through its spawn helper, then setsid, and only then java), so reading it
     * then would take a starting broker for another program. A broker found running is judged by its command line.
     */
    private void awaitReady(long pid, BrokerProperties properties, Optional<Process> launched) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean exited = launched.isPresent() ? !launched.get().isAlive()
                    : new BrokerPidFile(pid).liveness(serverProperties) != BrokerPidFile.Liveness.OURS;
            if (exited) {
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException e) {
                    log.warn("could not remove {}: {}", pidFile, e.getMessage());
                }
                throw new KafkaBrokerException("the local Kafka broker exited while starting: " + recentLog()
                        + " (log: " + logFile + ")");
            }
            if (accepts(properties.brokerPort()) && inCluster(properties.bootstrapServers())) {
                return;
            }
            pause(Duration.ofMillis(250));
        }
        throw new KafkaBrokerException("the local Kafka broker (pid " + pid + ") did not become ready within "
                + START_TIMEOUT.toSeconds() + " s: see " + logFile);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(BrokerProperties.HOST, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker answers a client: it describes the cluster with itself in it. */
    private static boolean inCluster(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("interrupted while waiting for the local Kafka broker");
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Sets a large log aside before a start (no broker writes it then: the start holds the lock and found none
     * running), so that the log of a broker started and stopped for years stays bounded: at most {@code kafka.log}
     * of about {@link #LOG_ROTATE_BYTES} plus what one run writes (warnings and errors only), and {@code kafka.log.1}.
     */
    private void rotateLogIfLarge() throws IOException {
        if (!Files.exists(logFile, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(logFile) <= LOG_ROTATE_BYTES) {
            return;
        }
        files.checkRegular(rotatedLogFile, "Kafka broker log");
        Files.move(logFile, rotatedLogFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("the Kafka broker log was larger than {} MB: set aside as {}", LOG_ROTATE_BYTES >> 20, rotatedLogFile);
    }

    /** The last lines of the log that say what went wrong, on one line (from its last 64 KB only). */
    private String recentLog() {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long start = Math.max(0, channel.size() - LOG_TAIL_BYTES);
            var buffer = java.nio.ByteBuffer.allocate((int) (channel.size() - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                continue; // until the tail is read (or the file ended sooner)
            }
            List<String> lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("\tat ")).toList();
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "its log cannot be read (" + e.getMessage() + ")";
        }
    }

    // ---- the home's files ----

    /** This home's broker found by its command line (its pid file lost, or never written). */
    private Optional<Long> findBroker() {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> new BrokerPidFile(pid).liveness(serverProperties) == BrokerPidFile.Liveness.OURS)
                .findFirst();
    }

    /** The pid file's pid; a file that holds none (its writer was killed mid-write) counts as no pid file. */
    private Optional<BrokerPidFile> readPid() {
        return files.readPrivate(pidFile, "Kafka pid file", BrokerPidFile.MAX_BYTES).flatMap(BrokerPidFile::parse);
    }

    private Optional<BrokerProperties> readProperties() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        return files.readPrivate(serverProperties, "Kafka server.properties", 16_384)
                .flatMap(text -> BrokerProperties.parse(text, dataDirectory));
    }

    private Lock lock() {
        FileChannel channel = files.openLock(directory.resolve(".lock"), "Kafka broker lock file");
        try {
            channel.lock();
            return new Lock(channel);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing anyway
            }
            throw new KafkaBrokerException("could not lock " + directory.resolve(".lock") + ": " + e.getMessage(), e);
        }
    }

    /** The home's broker lock; closing the channel releases it (and so does the end of the process). */
    private record Lock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("interrupted while waiting for the local Kafka broker");
        }
    }
}
