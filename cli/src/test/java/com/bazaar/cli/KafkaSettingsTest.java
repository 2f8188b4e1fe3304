package com.bazaar.cli;

import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.cli.config.KafkaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which Kafka bazaar uses: the local broker of the home unless --kafka, BAZAAR_KAFKA or bazaar.yml names a cluster
 * (flag over environment over file); a cluster refuses 'kafka start' and 'kafka stop' (exit 4, as 'db stop' with an
 * external database) and so is never joined by a local broker; bad bootstrap servers are a usage error that never
 * prints a credential; the local broker's heap is bounded.
 */
class KafkaSettingsTest {

    private static final String SECRET = "kafka-s3cret";

    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("BAZAAR_HOME", dir.resolve("bz").toString());
        return env;
    }

    private BazaarConfig load(Map<String, String> env, Map<BazaarConfig.Key, String> flags) {
        return BazaarConfig.load(env, flags, Map.of());
    }

    @Test
    void theLocalBrokerOfTheHomeByDefault() {
        KafkaSettings kafka = load(env(), Map.of()).kafka();
        assertThat(kafka).isEqualTo(new KafkaSettings.LocalBroker(dir.resolve("bz")));
    }

    @Test
    void aFlagOverridesTheEnvironmentWhichOverridesTheFile() throws Exception {
        Files.createDirectories(dir.resolve("bz"));
        Files.writeString(dir.resolve("bz/bazaar.yml"), "kafka:\n  bootstrap-servers: file-host:9092\n");
        assertThat(load(env(), Map.of()).kafka())
                .isEqualTo(new KafkaSettings.External("file-host:9092", BazaarConfig.Source.FILE));
        Map<String, String> env = env();
        env.put("BAZAAR_KAFKA", "env-a:9092,env-b:9093");
        assertThat(load(env, Map.of()).kafka())
                .isEqualTo(new KafkaSettings.External("env-a:9092,env-b:9093", BazaarConfig.Source.ENVIRONMENT));
        assertThat(load(env, Map.of(BazaarConfig.Key.KAFKA, "flag-host:19092")).kafka())
                .isEqualTo(new KafkaSettings.External("flag-host:19092", BazaarConfig.Source.FLAG));
    }

    @Test
    void bootstrapServersAreHostPortListsAndARefusalPrintsNoCredential() {
        for (String good : new String[]{"broker:9092", "10.0.0.1:9092, 10.0.0.2:9092", "[::1]:9092",
                "PLAINTEXT://k1.example.com:9092", "SASL_SSL://k.example:9093"}) {
            assertThat(load(env(), Map.of(BazaarConfig.Key.KAFKA, good)).kafka())
                    .isInstanceOf(KafkaSettings.External.class);
        }
        for (String bad : new String[]{"broker", "broker:0", "broker:70000", "broker:9092,", "two words:9092",
                "SASL_SSL://alice:" + SECRET + "@k.example:9093", "alice:" + SECRET + "@k.example:9093"}) {
            assertThatThrownBy(() -> load(env(), Map.of(BazaarConfig.Key.KAFKA, bad)))
                    .as(bad).isInstanceOfSatisfying(CommandFailure.class, f -> {
                        assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(f.getMessage()).contains("kafka.bootstrap-servers must be host:port",
                                "from flag").doesNotContain(SECRET);
                        if (bad.contains("@")) {
                            assertThat(f.getMessage()).contains("alice:****@k.example:9093");
                        }
                    });
        }
    }

    @Test
    void theLocalBrokersHeapIsMegabytesOrGigabytesWithinBounds() {
        assertThat(load(env(), Map.of()).kafkaHeap()).isEqualTo("512m");
        Map<String, String> env = env();
        for (String[] good : new String[][]{{"256m", "256m"}, {"2G", "2g"}, {" 1024m ", "1024m"}, {"64g", "64g"}}) {
            env.put("BAZAAR_KAFKA_HEAP", good[0]);
            assertThat(load(env, Map.of()).kafkaHeap()).as(good[0]).isEqualTo(good[1]);
        }
        for (String bad : new String[]{"255m", "65g", "512", "0g", "1.5g", "-1g", "512mb", "1t", "-Xmx2g"}) {
            env.put("BAZAAR_KAFKA_HEAP", bad);
            assertThatThrownBy(() -> load(env, Map.of())).as(bad)
                    .isInstanceOfSatisfying(CommandFailure.class, f -> {
                        assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(f.getMessage()).contains("kafka.heap: the broker's heap must be megabytes or"
                                + " gigabytes from 256m to 64g", "from environment");
                    });
        }
    }

    @Test
    void withAClusterThereIsNoLocalBrokerToStartOrStop() {
        for (String verb : new String[]{"start", "stop"}) {
            var run = TestBazaar.run(env(), "--kafka", "k1.example:9092", "kafka", verb);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(run.err()).contains("bazaar uses an external Kafka at k1.example:9092 (kafka.bootstrap-servers,"
                    + " from flag); there is no local broker to " + verb);
        }
        assertThat(dir.resolve("bz/kafka")).as("nothing of a local broker was made").doesNotExist();
        Map<String, String> env = env();
        env.put("BAZAAR_KAFKA", "k2.example:9092");
        var status = TestBazaar.run(env, "kafka", "status", "--output", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("\"kafka\" : \"external\"", "\"bootstrap_servers\" : \"k2.example:9092\"");
        var config = TestBazaar.run(env, "config", "show");
        assertThat(config.out()).contains("Kafka: external Kafka at k2.example:9092 (kafka.bootstrap-servers, from"
                + " environment)").containsPattern("kafka.bootstrap-servers\\s+k2.example:9092\\s+environment\\s+"
                + "BAZAAR_KAFKA");
    }

    @Test
    void aFreshHomeShowsTheLocalBrokerStoppedAndStartsNothing() {
        var status = TestBazaar.run(env(), "kafka", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Kafka: the local broker of " + dir.resolve("bz"))
                .containsPattern("state:\\s+stopped");
        var config = TestBazaar.run(env(), "config", "show");
        assertThat(config.out()).contains("Kafka: the local broker of " + dir.resolve("bz")
                + " (bazaar kafka start): stopped, no address yet");
        assertThat(dir.resolve("bz/kafka")).doesNotExist();
    }
}
