package com.bazaar.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.KafkaConnection;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.SaslTestKafka;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka cluster that authenticates its clients (a real broker with a SASL_PLAINTEXT listener, PLAIN mechanism) is
 * used through the client properties file ({@code BAZAAR_KAFKA_CLIENT_PROPERTIES}, 0600). With the right credentials
 * the relay publishes the outbox there and the sales consumer, on the same connection, applies every event;
 * {@code events status} reads the lag there and {@code order submit} publishes there. With a wrong password the broker
 * refuses each of them (exit 3, as for a refused token): the relay marks nothing, the worker does not start,
 * {@code order submit} publishes nothing, the status says the lag is unknown and why - and neither password is in
 * anything printed or logged (stdout, stderr, the Kafka clients' and Bazaar's logs at DEBUG); {@code config show}
 * names the file and its keys with the secret masked.
 */
class ASecuredClusterIsReachedOnlyWithItsCredentialsTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String prefix;
    private long committed;

    @BeforeEach
    void setUp() {
        SaslTestKafka.bootstrapServers(); // started before anything is timed by a command's own patience
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 10);
        bazaar.order("o-1", "ACME", "MUG:2");
        bazaar.order("o-2", "ACME", "MUG:1");
        committed = bazaar.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
        prefix = TestKafka.unique("sasl");
    }

    @Test
    void withTheRightCredentialsTheOutboxReachesAConsumerThroughTheSecuredCluster() throws Exception {
        Path file = clientPropertiesFile("kafka-client.properties", SaslTestKafka.password());
        var env = env(file);

        RelayPasses.untilAllPublished(bazaar, env);

        var sre = bazaar.authenticate(bazaar.user("sales-worker", Role.SRE, null));
        var topics = new Topics(prefix);
        var connection = new KafkaConnection(SaslTestKafka.bootstrapServers(), SaslTestKafka.clientProperties());
        try (var worker = WorkerRuntime.start(bazaar.services, sre, topics, Set.of(ProjectSales.CONSUMER),
                Worker.Settings.of(connection).withGroupPrefix(topics.groupPrefix()),
                new ConsumerMetrics(new SimpleMeterRegistry()))) {
            Eventually.within(Duration.ofSeconds(90), "both orders in the read model", () -> orders() == 2);
        }

        var status = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "status", "--output", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).as("the lag was read from the secured cluster")
                .contains("\"consumer_lag_unknown\" : null", "\"group\" : \"" + prefix + "-sales\"");

        var submit = bazaar.cliWithEnv(env, bazaar.adminToken(), "order", "submit", "--seller", "ACME", "--buyer",
                "b@example.com", "--line", "MUG:1", "--idempotency-key", "q-1");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("Submitted order request q-1 to " + prefix + ".order-requests.v1");

        for (var run : List.of(status, submit)) {
            assertThat(run.out() + run.err()).doesNotContain(SaslTestKafka.password());
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheBrokerMarksNothingAndIsShownNowhere() throws Exception {
        String wrong = "wrong-pw-" + UUID.randomUUID();
        Path file = clientPropertiesFile("kafka-client-wrong.properties", wrong);
        var env = env(file);
        List<TestBazaar.Run> runs = new ArrayList<>();
        List<ILoggingEvent> logged = capturingLogs(() -> {
            var relay = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "relay", "--once");
            runs.add(relay);
            assertThat(relay.exitCode()).as(relay.toString()).isEqualTo(ExitCode.DENIED);
            assertThat(relay.err()).as(relay.toString()).isEqualTo("error: Kafka refused bazaar's credentials:"
                    + " Authentication failed: Invalid username or password (check the SASL/TLS settings of the client"
                    + " properties file, kafka.client-properties)\n");
            assertThat(RelayPasses.unpublished(bazaar)).as("nothing marked without an acknowledgement")
                    .isEqualTo(committed);

            var worker = bazaar.cliWithEnv(env, bazaar.adminToken(), "worker", "--only", "sales", "--run-for", "5s");
            runs.add(worker);
            assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(ExitCode.DENIED);
            assertThat(worker.err()).as(worker.toString()).startsWith("error: the worker did not start: Kafka refused"
                    + " bazaar's credentials: Authentication failed");

            var status = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "status", "--output", "json");
            runs.add(status);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out()).as(status.toString()).contains("\"consumer_lag_total\" : null")
                    .containsIgnoringCase("authentication failed");

            var submit = bazaar.cliWithEnv(env, bazaar.adminToken(), "order", "submit", "--seller", "ACME", "--buyer",
                    "b@example.com", "--line", "MUG:1", "--idempotency-key", "q-2");
            runs.add(submit);
            assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCode.DENIED);
            assertThat(submit.err()).as(submit.toString()).startsWith("error: Kafka refused bazaar's credentials:"
                    + " Authentication failed");

            var show = bazaar.cliWithEnv(env, null, "config", "show");
            runs.add(show);
            assertThat(show.exitCode()).as(show.toString()).isZero();
            assertThat(show.out()).contains("client properties " + file + " (kafka.client-properties, from"
                            + " environment): security.protocol=SASL_PLAINTEXT, sasl.mechanism=PLAIN,"
                            + " sasl.jaas.config=****")
                    .containsPattern("kafka.client-properties\\s+" + java.util.regex.Pattern.quote(file.toString())
                            + "\\s+environment\\s+BAZAAR_KAFKA_CLIENT_PROPERTIES");
        });
        assertThat(logged).as("the Kafka clients' configurations were logged (and captured here)")
                .anyMatch(e -> e.getFormattedMessage().contains("sasl.jaas.config = [hidden]"));
        String everything = runs.stream().map(run -> run.out() + run.err()).collect(Collectors.joining("\n"))
                + logged.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"))
                + logged.stream().filter(e -> e.getThrowableProxy() != null)
                .map(e -> e.getThrowableProxy().getMessage()).collect(Collectors.joining("\n"));
        assertThat(everything).as("the passwords are printed and logged nowhere").doesNotContain(wrong)
                .doesNotContain(SaslTestKafka.password());
    }

    private Map<String, String> env(Path clientProperties) {
        return Map.of("BAZAAR_KAFKA", SaslTestKafka.bootstrapServers(), "BAZAAR_KAFKA_CLIENT_PROPERTIES",
                clientProperties.toString(), "BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
    }

    /** The file an operator writes for this cluster: a comment, then the three SASL settings, 0600. */
    private Path clientPropertiesFile(String name, String password) throws Exception {
        StringBuilder text = new StringBuilder("# the test cluster: SASL_PLAINTEXT with PLAIN\n");
        SaslTestKafka.clientProperties(SaslTestKafka.USER, password)
                .forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path file = home.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private long orders() {
        return bazaar.jdbc.sql("SELECT coalesce(sum(orders), 0) FROM seller_sales_daily").query(Long.class).single();
    }

    /** Runs {@code body} with every Kafka, Spring Kafka and Bazaar log event at DEBUG captured (off the console). */
    private static List<ILoggingEvent> capturingLogs(ThrowingRunnable body) throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        List<Logger> loggers = List.of("org.apache.kafka", "org.springframework.kafka", "com.bazaar").stream()
                .map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        try {
            for (Logger logger : loggers) {
                logger.addAppender(appender);
                logger.setLevel(Level.DEBUG);
                logger.setAdditive(false);
            }
            body.run();
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(appender);
                loggers.get(i).setLevel(levels.get(i));
                loggers.get(i).setAdditive(true);
            }
            appender.stop();
        }
        return List.copyOf(appender.list);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
