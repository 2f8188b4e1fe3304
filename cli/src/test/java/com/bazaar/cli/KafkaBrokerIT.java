package com.bazaar.cli;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar kafka} through the packaged jar, as operators run it: a stale pid file left by a dead broker is
 * reported and replaced; a log grown over 16 MB is set aside as kafka.log.1 at the next start; the broker started by
 * one command (with the heap of kafka.heap) is a real KRaft broker that outlives that command (its own
 * session, its own JVM), takes a record and gives it back on its bootstrap address, and stops cleanly; an external
 * cluster makes {@code kafka start} refuse and {@code config show} name it. One broker start (about 20 s).
 */
class KafkaBrokerIT {

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;
    private static long brokerPid;

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (bazaar != null) {
            bazaar.stopBroker(brokerPid);
        }
    }

    @Test
    void theBrokerRecoversAStalePidFileOutlivesItsStarterServesClientsAndStops() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        Path kafka = Files.createDirectories(bazaar.home().resolve("kafka"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        long dead = deadPid();
        Files.writeString(kafka.resolve("broker.pid"), dead + "\n");
        Files.setPosixFilePermissions(kafka.resolve("broker.pid"), PosixFilePermissions.fromString("rw-------"));

        var stale = bazaar.run(null, "kafka", "status");
        assertThat(stale.exitCode()).as(stale.toString()).isZero();
        assertThat(stale.out()).containsPattern("state:\\s+stale").containsPattern("pid:\\s+" + dead)
                .contains("Its pid file names pid " + dead + ", which is not running the broker");

        // a log grown large over many runs is set aside at the next start
        Path oldLog = kafka.resolve("kafka.log");
        byte[] line = "2026-01-01T00:00:00.000Z WARN [old] a line of an earlier run\n".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(oldLog)) {
            for (long written = 0; written <= 17L << 20; written += line.length) {
                out.write(line);
            }
        }
        Files.setPosixFilePermissions(oldLog, PosixFilePermissions.fromString("rw-------"));
        long oldLogSize = Files.size(oldLog);

        var start = bazaar.await(bazaar.start(Map.of("BAZAAR_KAFKA_HEAP", "384m"), null, "kafka", "start"));
        assertThat(start.exitCode()).as(start.toString()).isZero();
        var started = Pattern.compile("Started the local Kafka broker \\(pid (\\d+)\\) at (127\\.0\\.0\\.1:\\d+); its"
                + " storage was formatted\\.").matcher(start.out());
        assertThat(started.find()).as(start.toString()).isTrue();
        brokerPid = Long.parseLong(started.group(1));
        String bootstrap = started.group(2);
        assertThat(start.out()).contains("Removed the stale pid file of pid " + dead);

        // the command that started it has exited; the broker runs on, a session leader of its own
        ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow(() -> new AssertionError("no broker runs"));
        assertThat(broker.isAlive()).isTrue();
        String stat = Files.readString(Path.of("/proc", Long.toString(brokerPid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[3]).as("its session id (setsid)").isEqualTo(Long.toString(brokerPid));
        String commandLine = Files.readString(Path.of("/proc", Long.toString(brokerPid), "cmdline"))
                .replace('\0', ' ');
        assertThat(commandLine).as("kafka.heap reaches the broker's JVM").contains(" -Xmx384m ")
                .doesNotContain("-Xmx512m");
        assertThat(Files.size(kafka.resolve("kafka.log.1"))).as("the large log set aside").isEqualTo(oldLogSize);
        assertThat(Files.size(oldLog)).as("a fresh log for this run").isLessThan(1 << 20);
        assertThat(Files.readString(oldLog)).startsWith(System.lineSeparator() + "---- bazaar kafka start at ");
        assertThat(Files.readString(kafka.resolve("broker.pid")).strip()).isEqualTo(Long.toString(brokerPid));
        assertThat(Files.getPosixFilePermissions(kafka)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(kafka.resolve("server.properties"))).contains("listeners=PLAINTEXT://" + bootstrap
                + ",CONTROLLER://127.0.0.1:");

        var status = bazaar.run(null, "kafka", "status", "--output", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("\"state\" : \"running\"", "\"pid\" : " + brokerPid,
                "\"bootstrap_servers\" : \"" + bootstrap + "\"", "\"data_directory\" : \"" + kafka.resolve("data"));

        roundTrip(bootstrap);

        var again = bazaar.run(null, "kafka", "start");
        assertThat(again.out()).as(again.toString()).contains("The local Kafka broker is already running (pid "
                + brokerPid + ") at " + bootstrap);
        var config = bazaar.run(null, "config", "show");
        assertThat(config.out()).as(config.toString()).contains("Kafka: the local broker of " + bazaar.home()
                + " (bazaar kafka start): running, at " + bootstrap + ", pid " + brokerPid);

        var stop = bazaar.run(null, "kafka", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("Stopped the local Kafka broker (pid " + brokerPid + ").");
        assertThat(BazaarProcess.gone(brokerPid)).as("the broker's process has exited").isTrue();
        assertThat(kafka.resolve("broker.pid")).doesNotExist();
        assertThat(bazaar.run(null, "kafka", "status").out()).containsPattern("state:\\s+stopped");
        String log = Files.readString(kafka.resolve("kafka.log"), StandardCharsets.UTF_8);
        assertThat(log).as("the broker's log:\n" + log).contains("Kafka Server started").contains("shut down completed");
    }

    @Test
    void anExternalClusterIsNeverJoinedByALocalBroker() throws Exception {
        var other = new BazaarProcess(scratch.resolve("external-home"), scratch.resolve("external-io"));
        var start = other.run(null, "--kafka", "kafka-1.example:9092", "kafka", "start");
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(start.err()).contains("bazaar uses an external Kafka at kafka-1.example:9092");
        Process shown = other.start(Map.of("BAZAAR_KAFKA", "kafka-2.example:9092"), null, "config", "show");
        var config = other.await(shown);
        assertThat(config.out()).as(config.toString()).contains("Kafka: external Kafka at kafka-2.example:9092")
                .containsPattern("kafka.bootstrap-servers\\s+kafka-2.example:9092\\s+environment");
        var secret = other.run(null, "--kafka", "SASL_SSL://alice:pa55word@kafka-1.example:9093", "config", "show");
        assertThat(secret.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(secret.out() + secret.err()).doesNotContain("pa55word").contains("alice:****@");
        assertThat(scratch.resolve("external-home/kafka")).doesNotExist();
    }

    private static void roundTrip(String bootstrap) {
        String topic = "kafka-broker-it";
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "order-1", "{\"order\":1}")).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + bootstrap, e);
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "kafka-broker-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records).hasSize(1);
            assertThat(records.iterator().next().value()).isEqualTo("{\"order\":1}");
        }
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }
}
