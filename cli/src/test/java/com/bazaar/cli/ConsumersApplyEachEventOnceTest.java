package com.bazaar.cli;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.DeadLetterMirror;
import com.bazaar.events.consumers.EventHeaders;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.postgres.Database;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sales consumer on a real broker and a real PostgreSQL, fed the OrderPlaced events the outbox holds (its
 * documented JSON and headers): an event delivered twice is applied once; a database that is unreachable for a while
 * is waited for (retried with backoff) and the event then applied, with no dead letter; an event that fails for good
 * (the application's login lost its privilege on the read model) is a dead letter with its reason, and after the fix
 * 'events dlq replay' applies it - once, however often it is replayed.
 */
class ConsumersApplyEachEventOnceTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String servers;
    private Topics topics;
    private UnreachableDatabaseProxy proxy;
    private Worker worker;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() throws Exception {
        servers = TestKafka.bootstrapServers();
        topics = new Topics(TestKafka.unique("sales"));
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100);
        var hostPort = bazaar.db.jdbcUrl().replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1").split(":");
        proxy = new UnreachableDatabaseProxy(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 5432);
        PGSimpleDataSource throughProxy = new PGSimpleDataSource();
        throughProxy.setUrl(proxy.url(bazaar.db.jdbcUrl()));
        throughProxy.setUser(bazaar.db.user());
        if (bazaar.db.password() != null) {
            throughProxy.setPassword(bazaar.db.password());
        }
        throughProxy.setConnectTimeout(2);
        var services = new Services(new Database(throughProxy), bazaar.clock, new SecureRandomSecrets(),
                TestBazaar.anchoring(home));
        var sre = bazaar.authenticate(bazaar.user("sales-worker", Role.SRE, null));
        var settings = Worker.Settings.of(servers).withGroupPrefix(TestKafka.unique("sales-group") + "-")
                .withRetries(Duration.ofMillis(200), Duration.ofSeconds(1), 30);
        worker = WorkerRuntime.start(services, sre, topics, Set.of(ProjectSales.CONSUMER, DeadLetterMirror.NAME),
                settings, new ConsumerMetrics(registry));
    }

    @AfterEach
    void stop() throws Exception {
        worker.close();
        proxy.close();
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() throws Exception {
        bazaar.order("k-1", "ACME", "MUG:2");
        var placed = outboxEvent("k-1");
        publish(placed);
        publish(placed);
        bazaar.order("k-2", "ACME", "MUG:1");
        publish(outboxEvent("k-2")); // read after both copies of the first: when it is in, so are they
        Eventually.within(Duration.ofSeconds(30), "both orders in the read model", () -> orders() == 2);
        assertThat(bazaar.jdbc.sql("SELECT units || ' ' || revenue_minor FROM seller_sales_daily").query(String.class)
                .single()).isEqualTo("3 3897");
        assertThat(counted("duplicate")).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM processed_events WHERE consumer = 'sales'").query(Long.class)
                .single()).isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseIsWaitedForAndTheEventThenApplied() throws Exception {
        bazaar.order("k-3", "ACME", "MUG:1");
        var placed = outboxEvent("k-3");
        proxy.down();
        publish(placed);
        Eventually.within(Duration.ofSeconds(30), "a failed attempt", () -> counted("failed") >= 2);
        assertThat(orders()).isZero();
        proxy.up();
        Eventually.within(Duration.ofSeconds(30), "the order in the read model", () -> orders() == 1);
        assertThat(counted("applied")).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM dead_letters").query(Long.class).single()).isZero();
    }

    @Test
    void aDeadLetterReplayedAfterTheFixIsAppliedOnce() throws Exception {
        bazaar.order("k-4", "ACME", "MUG:4");
        bazaar.jdbc.sql("REVOKE INSERT, UPDATE ON seller_sales_daily FROM bazaar_app").update();
        publish(outboxEvent("k-4"));
        Eventually.within(Duration.ofSeconds(30), "a dead letter", () -> bazaar.jdbc
                .sql("SELECT count(*) FROM dead_letters").query(Long.class).single() == 1);
        assertThat(bazaar.jdbc.sql("SELECT consumer || ' ' || reason || ' ' || attempts FROM dead_letters")
                .query(String.class).single()).isEqualTo("sales FAILED 1");
        assertThat(bazaar.jdbc.sql("SELECT error FROM dead_letters").query(String.class).single())
                .contains("permission denied");
        long id = bazaar.jdbc.sql("SELECT id FROM dead_letters").query(Long.class).single();

        bazaar.jdbc.sql("GRANT INSERT, UPDATE ON seller_sales_daily TO bazaar_app").update(); // the fix
        var env = Map.of("BAZAAR_KAFKA", servers);
        var replay = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "dlq", "replay", String.valueOf(id),
                "--reason", "privilege restored");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        Eventually.within(Duration.ofSeconds(30), "the replayed order in the read model", () -> orders() == 1);
        var again = bazaar.cliWithEnv(env, bazaar.adminToken(), "events", "dlq", "replay", String.valueOf(id));
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(again.err()).contains("already REPLAYED");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'dlq.replay' AND target = :t")
                .param("t", "dead-letter:" + id).query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT status FROM dead_letters").query(String.class).single()).isEqualTo("REPLAYED");

        var list = bazaar.cli(bazaar.adminToken(), "events", "dlq", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).doesNotContain("FAILED");
        assertThat(orders()).isEqualTo(1);
    }

    private long orders() {
        return bazaar.jdbc.sql("SELECT coalesce(sum(orders), 0) FROM seller_sales_daily").query(Long.class).single();
    }

    private double counted(String outcome) {
        var counter = registry.find("bazaar_consumer_processed").tag("consumer", "sales").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** The OrderPlaced of the order placed with this key, as the outbox holds it: id, order id, payload, time. */
    private Map<String, Object> outboxEvent(String key) {
        return bazaar.jdbc.sql("SELECT e.id, e.aggregate_id, e.payload::text AS payload, e.correlation_id,"
                        + " to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS occurred_at"
                        + " FROM outbox e JOIN orders o ON o.id::text = e.aggregate_id"
                        + " WHERE e.event_type = 'OrderPlaced' AND o.idempotency_key = :key")
                .param("key", key).query().singleRow();
    }

    /** Publishes an outbox event as the relay does: topic of its aggregate, key the aggregate id, the headers. */
    private void publish(Map<String, Object> event) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Worker.producerConfig(servers), new StringSerializer(),
                new StringSerializer())) {
            var record = new ProducerRecord<>(topics.events("order"), (String) event.get("aggregate_id"),
                    (String) event.get("payload"));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_ID, EventHeaders.bytes(event.get("id").toString())));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes("OrderPlaced")));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes("1")));
            record.headers().add(new RecordHeader(EventHeaders.CORRELATION_ID,
                    EventHeaders.bytes((String) event.get("correlation_id"))));
            record.headers().add(new RecordHeader(EventHeaders.OCCURRED_AT,
                    EventHeaders.bytes((String) event.get("occurred_at"))));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }
}
