package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client properties file of a secured Kafka cluster ({@code kafka.client-properties},
 * {@code BAZAAR_KAFKA_CLIENT_PROPERTIES}, {@code --kafka-client-properties}): read as a token file is (a private
 * regular file of the user, at most 64 KiB: exit 3, or 4 when larger), it may only set security and connection
 * settings - a key that would change how events are delivered, an unknown key, a key set twice, a bad
 * {@code security.protocol} or a JAAS line Kafka cannot read is a usage error (exit 2) naming the file, the line and
 * the key - and a line that may be part of a secret is never quoted, not even through Kafka's own message. Without an external cluster it is refused. {@code config show} names the file and
 * its keys, values masked but {@code security.protocol} and {@code sasl.mechanism}.
 */
class KafkaClientPropertiesCanOnlySecureTheConnectionTest {

    private static final String SECRET = "kafka-pw-8f3a1c";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"bazaar\" password=\"" + SECRET + "\";";

    @TempDir
    Path dir;

    private Map<String, String> env(Path clientProperties) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("BAZAAR_HOME", dir.resolve("bz").toString());
        env.put("BAZAAR_KAFKA", "k1.example:9093,k2.example:9093");
        if (clientProperties != null) {
            env.put("BAZAAR_KAFKA_CLIENT_PROPERTIES", clientProperties.toString());
        }
        return env;
    }

    private Path file(String name, String text, String mode) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private Path file(String name, String text) throws Exception {
        return file(name, text, "rw-------");
    }

    private static TestBazaar.Run show(Map<String, String> env, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "config";
        args[1] = "show";
        System.arraycopy(more, 0, args, 2, more.length);
        return TestBazaar.run(env, args);
    }

    private static void refused(Map<String, String> env, int exitCode, String sentence) {
        var run = show(env);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.err()).as(run.toString()).isEqualTo("error: " + sentence + "\n");
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err()).doesNotContain(SECRET);
    }

    @Test
    void aSecuredClusterIsShownWithItsKeysAndItsSecretsMasked() throws Exception {
        Path good = file("client.properties", """
                # the production cluster
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                    username="bazaar" \\
                    password="%s";
                ssl.truststore.location=/etc/bazaar/kafka-truststore.p12
                ssl.truststore.password=%s
                client.dns.lookup=use_all_dns_ips
                """.formatted(SECRET, SECRET));
        var run = show(env(good));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Kafka: external Kafka at k1.example:9093,k2.example:9093"
                        + " (kafka.bootstrap-servers, from environment); client properties " + good
                        + " (kafka.client-properties, from environment): security.protocol=SASL_SSL,"
                        + " sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=****, ssl.truststore.location=****,"
                        + " ssl.truststore.password=****, client.dns.lookup=****")
                .containsPattern("kafka.client-properties\\s+" + java.util.regex.Pattern.quote(good.toString())
                        + "\\s+environment\\s+BAZAAR_KAFKA_CLIENT_PROPERTIES")
                .doesNotContain(SECRET);

        Path other = file("other.properties", "security.protocol=ssl\n");
        var flag = show(env(good), "--kafka-client-properties", other.toString());
        assertThat(flag.exitCode()).as(flag.toString()).isZero();
        assertThat(flag.out()).contains("client properties " + other + " (kafka.client-properties, from flag):"
                + " security.protocol=ssl");

        Files.createDirectories(dir.resolve("bz"));
        Files.writeString(dir.resolve("bz/bazaar.yml"), "kafka:\n  bootstrap-servers: k3.example:9093\n"
                + "  client-properties: " + other + "\n");
        var fromFile = TestBazaar.run(Map.of("HOME", dir.toString(), "BAZAAR_HOME", dir.resolve("bz").toString()),
                "config", "show");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out()).contains("client properties " + other + " (kafka.client-properties, from file)");
    }

    @Test
    void aKeyThatWouldChangeHowEventsAreDeliveredIsRefusedNamingTheFileTheLineAndTheKey() throws Exception {
        String head = "security.protocol=SASL_SSL\nsasl.jaas.config=" + JAAS + "\n";
        Path acks = file("acks.properties", head + "\n# faster\nacks=0\n");
        refused(env(acks), ExitCode.USAGE, "the Kafka client properties file " + acks + ", line 5: acks: Bazaar sets"
                + " it itself (it decides how events are delivered: acknowledged by every in-sync replica, in order"
                + " per key, at least once per consumer group); only security and connection settings may be given");
        for (String line : new String[]{"enable.idempotence=false", "isolation.level=read_uncommitted",
                "group.id=elsewhere", "enable.auto.commit=true", "value.serializer=x.Y", "transactional.id=t"}) {
            Path file = file("delivery.properties", head + line + "\n");
            String key = line.substring(0, line.indexOf('='));
            refused(env(file), ExitCode.USAGE, "the Kafka client properties file " + file + ", line 3: " + key
                    + ": Bazaar sets it itself (it decides how events are delivered: acknowledged by every in-sync"
                    + " replica, in order per key, at least once per consumer group); only security and connection"
                    + " settings may be given");
        }
        Path bootstrap = file("bootstrap.properties", "bootstrap.servers=elsewhere:9092\n");
        refused(env(bootstrap), ExitCode.USAGE, "the Kafka client properties file " + bootstrap + ", line 1:"
                + " bootstrap.servers: the bootstrap servers are given as kafka.bootstrap-servers (--kafka,"
                + " BAZAAR_KAFKA), not as a client property");
        Path unknown = file("unknown.properties", head + "metric.reporters=com.example.Spy\n");
        var run = show(env(unknown));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("error: the Kafka client properties file " + unknown + ", line 3:"
                + " metric.reporters: not a security or connection setting Bazaar passes on (allowed: sasl.*, ssl.*,"
                + " client.dns.lookup, connections.max.idle.ms,");
        Path twice = file("twice.properties", head + "security.protocol=SASL_PLAINTEXT\n");
        refused(env(twice), ExitCode.USAGE, "the Kafka client properties file " + twice + ", line 3: sets"
                + " security.protocol again (first on line 1)");
        Path protocol = file("protocol.properties", "security.protocol=SASL_TLS\n");
        refused(env(protocol), ExitCode.USAGE, "the Kafka client properties file " + protocol + ", line 1:"
                + " security.protocol: must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        Path jaas = file("jaas.properties", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"bazaar\" password=abc " + SECRET + ";\n");
        refused(env(jaas), ExitCode.USAGE, "the Kafka client properties file " + jaas + ", line 1: sasl.jaas.config:"
                + " not a JAAS configuration Kafka can read: one login module, a control flag (required),"
                + " key=\"value\" options, and a closing ';' (Kafka's own message is not shown: it may quote part of"
                + " the password)");
        Path escape = file("escape.properties", "sasl.jaas.config=" + SECRET + "\\u00zz\n");
        refused(env(escape), ExitCode.USAGE, "the Kafka client properties file " + escape + ", line 1: cannot be"
                + " read as a property (a malformed \\uXXXX escape)");
    }

    @Test
    void aLineThatMayBeTheRestOfASecretIsNeverQuoted() throws Exception {
        Path unjoined = file("unjoined.properties", """
                security.protocol=SASL_SSL
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required
                    username="bazaar"
                    password="%s";
                """.formatted(SECRET));
        refused(env(unjoined), ExitCode.USAGE, "the Kafka client properties file " + unjoined + ", line 2:"
                + " sasl.jaas.config: not a JAAS configuration Kafka can read: one login module, a control flag"
                + " (required), key=\"value\" options, and a closing ';' (Kafka's own message is not shown: it may"
                + " quote part of the password)");
        Path leftover = file("leftover.properties", """
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="bazaar";
                    password="%s";
                """.formatted(SECRET));
        refused(env(leftover), ExitCode.USAGE, "the Kafka client properties file " + leftover + ", line 2: is not a"
                + " Kafka setting (its key is not shown: a line without '=' may be the rest of a value; end the line"
                + " before it with '\\' to continue a value)");
        Path bare = file("bare.properties", "sasl.mechanism=PLAIN\n" + SECRET + "\n");
        refused(env(bare), ExitCode.USAGE, "the Kafka client properties file " + bare + ", line 2: is not a Kafka"
                + " setting (its key is not shown: a line without '=' may be the rest of a value; end the line before"
                + " it with '\\' to continue a value)");
    }

    @Test
    void theFileIsReadAsATokenFileIs() throws Exception {
        Path open = file("open.properties", "sasl.jaas.config=" + JAAS + "\n", "rw-r--r--");
        refused(env(open), ExitCode.DENIED, "the Kafka client properties file " + open + " is readable by group or"
                + " others (mode 0644): chmod 600 it");
        Path link = Files.createSymbolicLink(dir.resolve("link.properties"), file("real.properties", "sasl.mechanism"
                + "=PLAIN\n"));
        refused(env(link), ExitCode.DENIED, "the Kafka client properties file " + link + " is a symbolic link:"
                + " bazaar never follows a link there; put the file itself in its place");
        Path directory = Files.createDirectories(dir.resolve("properties.d"));
        refused(env(directory), ExitCode.DENIED, "the Kafka client properties file " + directory + " is a directory,"
                + " not a regular file");
        refused(env(dir.resolve("missing.properties")), ExitCode.DENIED, "the Kafka client properties file "
                + dir.resolve("missing.properties") + " does not exist");
        Path large = file("large.properties", "# " + "x".repeat(70_000) + "\n");
        refused(env(large), ExitCode.REJECTED, "the Kafka client properties file " + large + " is larger than 65536"
                + " bytes: it cannot be one");
    }

    @Test
    void withoutAnExternalClusterTheFileIsRefusedUnread() throws Exception {
        Map<String, String> env = env(dir.resolve("never-read.properties"));
        env.remove("BAZAAR_KAFKA");
        refused(env, ExitCode.USAGE, "kafka.client-properties (from environment) secures the connection to an"
                + " external Kafka cluster, and none is configured: set kafka.bootstrap-servers too (--kafka,"
                + " BAZAAR_KAFKA), or unset kafka.client-properties (BAZAAR_KAFKA_CLIENT_PROPERTIES) to use the local"
                + " broker of the home, which is plaintext on 127.0.0.1");
        var worker = TestBazaar.run(env, "kafka", "status");
        assertThat(worker.exitCode()).as("every command, not only config show").isEqualTo(ExitCode.USAGE);
    }
}
