package com.bazaar.testsupport;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Apache Kafka broker (KRaft, combined broker and controller, in process) per test JVM whose clients must
 * authenticate: a {@code SASL_PLAINTEXT} listener with the {@code PLAIN} mechanism on 127.0.0.1 for clients (and
 * between brokers), a plaintext controller listener. It knows one client user, {@link #USER}, with a password made up
 * for this JVM ({@link #password()}), so a test can look for it in what Bazaar prints. Started on first use, stopped
 * and its files deleted when the JVM exits; tests keep apart by topic and group names ({@link TestKafka#unique}).
 */
public final class SaslTestKafka {

    /** The client user the broker knows. */
    public static final String USER = "bazaar-client";

    /** The broker's own user, for its inter-broker connections. */
    private static final String BROKER_USER = "broker";
    /** Apart from the shared test broker's node ids (its mbeans are named after them). */
    private static final int NODE_ID = 7001;
    private static final String LISTENER = "SASL_PLAINTEXT";
    private static final String CONTROLLER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private static final String PASSWORD = "sasl-pw-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "broker-pw-" + UUID.randomUUID();

    private static KafkaRaftServer server;
    private static String bootstrapServers;

    private SaslTestKafka() {
    }

    /** The client user's password (unique to this JVM). */
    public static String password() {
        return PASSWORD;
    }

    /** {@code 127.0.0.1:PORT} of the SASL listener; starts the broker the first time. */
    public static synchronized String bootstrapServers() {
        if (server == null) {
            start();
        }
        return bootstrapServers;
    }

    /**
     * The client properties of a connection as {@code user} with {@code password}: SASL_PLAINTEXT, PLAIN, and the JAAS
     * line with the credentials.
     */
    public static Map<String, String> clientProperties(String user, String password) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", jaas(user, password, Map.of()));
        return properties;
    }

    /** The client properties of the user the broker knows, with the right password. */
    public static Map<String, String> clientProperties() {
        return clientProperties(USER, PASSWORD);
    }

    private static String jaas(String user, String password, Map<String, String> users) {
        StringBuilder line = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\"");
        users.forEach((name, secret) -> line.append(" user_").append(name).append("=\"").append(secret).append('"'));
        return line.append(';').toString();
    }

    private static void start() {
        try {
            Path directory = Files.createTempDirectory("bazaar-sasl-kafka");
            Path data = directory.resolve("data");
            int brokerPort = freePort();
            int controllerPort = freePort();
            while (controllerPort == brokerPort) {
                controllerPort = freePort();
            }
            format(directory.resolve("formatting"), data);
            Properties properties = new Properties();
            properties.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", Integer.toString(NODE_ID)),
                    Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
                    Map.entry("listeners", LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER + "://" + HOST
                            + ":" + controllerPort),
                    Map.entry("advertised.listeners", LISTENER + "://" + HOST + ":" + brokerPort),
                    Map.entry("controller.listener.names", CONTROLLER),
                    Map.entry("inter.broker.listener.name", LISTENER),
                    Map.entry("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT," + CONTROLLER
                            + ":PLAINTEXT"),
                    Map.entry("sasl.enabled.mechanisms", "PLAIN"),
                    Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                    Map.entry("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas(BROKER_USER,
                            BROKER_PASSWORD, Map.of(BROKER_USER, BROKER_PASSWORD, USER, PASSWORD))),
                    Map.entry("log.dirs", data.toString()),
                    Map.entry("num.partitions", "1"),
                    Map.entry("auto.create.topics.enable", "true"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("offsets.topic.num.partitions", "3"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                    Map.entry("share.coordinator.state.topic.min.isr", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0")));
            KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            started.startup();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, directory), "sasl-test-kafka-stop"));
            String servers = HOST + ":" + brokerPort;
            awaitReady(servers);
            server = started;
            bootstrapServers = servers;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the SASL test broker", e);
        }
    }

    /** Formats the storage as {@code kafka-storage format --standalone} does, then moves it into place. */
    private static void format(Path staging, Path data) throws IOException {
        Files.createDirectories(staging);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(said, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(staging.toString())
                    .addDirectory(staging.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the SASL test broker's storage: " + e.getMessage() + " "
                    + said.toString(StandardCharsets.UTF_8).strip(), e);
        }
        Files.move(staging, data);
    }

    /** Until an authenticated admin client is answered (the listener is up and the broker registered). */
    private static void awaitReady(String servers) {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        long until = System.nanoTime() + READY_WITHIN.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() - until < 0) {
                try {
                    if (!admin.describeCluster().nodes().get(20, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the SASL test broker started", e);
                    }
                    last = e;
                }
                pause();
            }
        }
        throw new IllegalStateException("the SASL test broker at " + servers + " did not answer within "
                + READY_WITHIN.toSeconds() + " s", last);
    }

    /** Between two attempts that failed at once (an answer that came back before the request timed out). */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the SASL test broker started", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void stop(KafkaRaftServer started, Path directory) {
        try {
            started.shutdown();
            started.awaitShutdown();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temporary directory left behind is no reason to fail the JVM's exit
            }
        }
    }
}
