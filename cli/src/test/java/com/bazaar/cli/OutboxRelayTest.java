package com.bazaar.cli;

import com.bazaar.domain.event.EventPublisher;
import com.bazaar.domain.event.application.RelayEvents;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.OrderId;
import com.bazaar.events.relay.EventRecords;
import com.bazaar.events.relay.KafkaEventPublisher;
import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox relay against a real Kafka broker and a real PostgreSQL: every committed event reaches its topic once,
 * in its aggregate's order, as the documented record (topic, key, payload, headers); an event committed after a
 * higher id was published is not skipped; a failure between the broker's acknowledgement and the mark sends the batch
 * again (at-least-once, deduplicated by the event_id header); batches sent two at a time are marked only once
 * acknowledged, and a failed one is sent again with the one behind it, each aggregate's order kept; two relays at once
 * publish each event once.
 */
class OutboxRelayTest {

    @TempDir
    java.nio.file.Path home;
    private TestBazaar bazaar;
    private String prefix;
    private KafkaEventPublisher publisher;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        prefix = TestKafka.unique("relay-test");
        publisher = new KafkaEventPublisher(KafkaEventPublisher.Settings.of(TestKafka.bootstrapServers())
                .withTopicPrefix(prefix));
    }

    @AfterEach
    void tearDown() {
        publisher.close();
    }

    /** Orders, a cancellation, products and stock: events of several aggregates, interleaved. */
    private void someBusiness() {
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "R-1", "2.50", 10);
        bazaar.product("ACME", "R-2", "4.00", 10);
        var first = bazaar.order("o-1", "ACME", "R-1:2", "R-2:1");
        bazaar.order("o-2", "ACME", "R-2:3");
        bazaar.services.cancelOrder().cancel(bazaar.admin(), new OrderId(first.order().order().id().value()),
                "customer changed their mind");
        bazaar.order("o-3", "ACME", "R-1:1");
    }

    @Test
    void everyCommittedEventIsPublishedOnceInItsAggregatesOrderAsTheDocumentedRecord() throws Exception {
        someBusiness();
        String sre = bazaar.user("relay-sre", Role.SRE, null);
        Map<String, String> env = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(),
                "BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
        long committed = outboxCount();

        var status = bazaar.cliWithEnv(env, sre, "events", "status", "--output", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("\"outbox_unpublished\" : " + committed);

        var run = bazaar.cliWithEnv(env, sre, "events", "relay", "--once");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Published " + committed + " event(s).");
        var again = bazaar.cliWithEnv(env, sre, "events", "relay", "--once");
        assertThat(again.out()).as(again.toString()).contains("Published 0 event(s).");

        List<ConsumerRecord<String, String>> published = topicContents();
        assertThat(published).hasSize((int) committed);
        assertThat(eventIds(published)).doesNotHaveDuplicates();
        assertTopicsHoldTheOutbox(published);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class)
                .single()).isZero();
        assertThat(bazaar.cliWithEnv(env, sre, "events", "status", "--output", "json").out())
                .contains("\"outbox_unpublished\" : 0", "\"oldest_unpublished_seconds\" : 0");

        // who may relay: not an operator (events.relay is sre and admin), and the refusal is audited
        String operator = bazaar.user("relay-op", Role.OPERATOR, null);
        var refused = bazaar.cliWithEnv(env, operator, "events", "relay", "--once");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.DENIED);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'events.relay'"
                + " AND outcome = 'DENIED'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anEventCommittedAfterAHigherOneWasPublishedIsNotSkipped() throws Exception {
        someBusiness();
        var relay = bazaar.services.relayEvents(publisher);
        try (Connection slow = bazaar.db.adminDataSource().getConnection()) {
            slow.setAutoCommit(false);
            // a slow transaction takes its outbox id now, and commits only after a later one is published
            long older;
            try (var insert = slow.prepareStatement("""
                    INSERT INTO outbox (event_type, event_version, aggregate_type, aggregate_id, payload, occurred_at,
                                        correlation_id)
                    VALUES ('StockAdjusted', 1, 'product', 'slow-1', '{"sku":"SLOW","delta":1}', now(), 'slow-tx')
                    RETURNING id""")) {
                var rs = insert.executeQuery();
                rs.next();
                older = rs.getLong(1);
            }
            bazaar.order("o-4", "ACME", "R-2:1"); // commits events with higher ids
            var first = relay.once(bazaar.admin());
            assertThat(first).isEqualTo(new RelayEvents.Relayed(outboxCount())); // every committed row, not the open one
            assertThat(eventIds(topicContents())).doesNotContain(older).contains(maxId());
            slow.commit();
            assertThat(relay.once(bazaar.admin())).isEqualTo(new RelayEvents.Relayed(1));
            var published = topicContents();
            assertThat(eventIds(published)).contains(older).doesNotHaveDuplicates().hasSize((int) outboxCount());
            assertTopicsHoldTheOutbox(published);
        }
    }

    @Test
    void aMarkThatFailsAfterTheAcknowledgementSendsTheBatchAgainAndConsumersDeduplicateByEventId() throws Exception {
        someBusiness();
        long committed = outboxCount();
        var relay = bazaar.services.relayEvents(publisher);
        // the broker takes the batch, then the mark fails: as if the relay died between send and mark
        bazaar.jdbc.sql("REVOKE UPDATE (published_at) ON outbox FROM bazaar_app").update();
        try {
            relay.once(bazaar.admin());
            throw new AssertionError("the mark should have failed");
        } catch (RuntimeException expected) {
            assertThat(com.bazaar.cli.Bazaar.rootMessage(expected)).contains("permission denied");
        } finally {
            bazaar.jdbc.sql("GRANT UPDATE (published_at) ON outbox TO bazaar_app").update();
        }
        assertThat(topicContents()).as("sent before the mark failed").hasSize((int) committed);
        assertThat(relay.once(bazaar.admin())).isEqualTo(new RelayEvents.Relayed(committed));

        var published = topicContents();
        assertThat(published).as("each event twice: at-least-once").hasSize((int) (2 * committed));
        // a consumer that keeps the first record of each event id sees the outbox exactly, in order
        Map<Long, ConsumerRecord<String, String>> firstOfEach = new LinkedHashMap<>();
        published.forEach(r -> firstOfEach.putIfAbsent(eventId(r), r));
        assertThat(firstOfEach).hasSize((int) committed);
        assertTopicsHoldTheOutbox(new ArrayList<>(firstOfEach.values()));
    }

    @Test
    void batchesSentTwoAtATimeAreMarkedOnlyOnceAcknowledgedAndKeepEachAggregatesOrder() throws Exception {
        someBusiness();
        long committed = outboxCount();
        assertThat(committed).as("enough events for four batches of two").isGreaterThan(8);
        List<String> steps = new CopyOnWriteArrayList<>();
        AtomicInteger failing = new AtomicInteger(3);
        AtomicInteger sent = new AtomicInteger();
        EventPublisher observed = messages -> {
            int batch = sent.incrementAndGet();
            var sending = publisher.send(messages);
            steps.add("send " + batch);
            return () -> {
                sending.awaitAcknowledged();
                if (batch == failing.get()) { // the broker has it, but the relay hears no acknowledgement
                    throw new IllegalStateException("no acknowledgement for batch " + batch);
                }
                steps.add("ack " + batch);
            };
        };
        var relay = bazaar.services.relayEvents(observed, 2);

        assertThatThrownBy(() -> relay.once(bazaar.admin())).hasMessageContaining("no acknowledgement for batch 3");
        assertThat(steps).as("batch k+1 is sent before batch k is awaited and marked")
                .containsExactly("send 1", "send 2", "ack 1", "send 3", "ack 2", "send 4");
        List<Long> lowest = bazaar.jdbc.sql("SELECT id FROM outbox ORDER BY id LIMIT 4").query(Long.class).list();
        assertThat(bazaar.jdbc.sql("SELECT id FROM outbox WHERE published_at IS NOT NULL ORDER BY id")
                .query(Long.class).list()).as("only the acknowledged batches are marked").isEqualTo(lowest);

        failing.set(-1);
        assertThat(relay.once(bazaar.admin())).isEqualTo(new RelayEvents.Relayed(committed - 4));
        var published = topicContents();
        assertThat(published.size()).as("the failed batch and the one sent behind it went again")
                .isEqualTo((int) committed + 4);
        Map<Long, ConsumerRecord<String, String>> firstOfEach = new LinkedHashMap<>();
        published.forEach(r -> firstOfEach.putIfAbsent(eventId(r), r));
        assertThat(firstOfEach).hasSize((int) committed);
        assertTopicsHoldTheOutbox(new ArrayList<>(firstOfEach.values()));
    }

    @Test
    void twoRelaysAtOnceNeverPublishAnEventTwice() throws Exception {
        someBusiness();
        long committed = outboxCount();
        var relay = bazaar.services.relayEvents(publisher);
        // a relay holding the lease keeps a second one out, whatever host it runs on
        try (var holder = relay.start(bazaar.admin()).orElseThrow()) {
            assertThat(relay.once(bazaar.admin())).isEqualTo(new RelayEvents.LeaseHeldElsewhere());
            var cli = bazaar.cliWithEnv(Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(),
                    "BAZAAR_KAFKA_TOPIC_PREFIX", prefix), bazaar.adminToken(), "events", "relay", "--once");
            assertThat(cli.out()).as(cli.toString()).contains("another relay holds the lease");
            assertThat(topicContents()).isEmpty();
            assertThat(holder.drain(bazaar.admin())).isEqualTo(committed);
        }
        bazaar.order("o-5", "ACME", "R-1:1");
        bazaar.order("o-6", "ACME", "R-2:1");
        // two relays started at the same moment: one publishes, the other finds the lease taken (or nothing left)
        var outcomes = Concurrently.run(2, i -> () -> relay.once(bazaar.admin()));
        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().mapToLong(o -> o.value() instanceof RelayEvents.Relayed r ? r.published() : 0)
                .sum()).isEqualTo(outboxCount() - committed);
        var published = topicContents();
        assertThat(eventIds(published)).doesNotHaveDuplicates().hasSize((int) outboxCount());
        assertTopicsHoldTheOutbox(published);
    }

    // ---- the outbox and the topics ----

    private long outboxCount() {
        return bazaar.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
    }

    private long maxId() {
        return bazaar.jdbc.sql("SELECT max(id) FROM outbox").query(Long.class).single();
    }

    private record Row(long id, String type, int version, String aggregateType, String aggregateId, String payload,
                       String correlationId) {
    }

    /**
     * Each record is its outbox row as docs/events.md says (topic, key, value, headers), and each aggregate's records
     * come in outbox id order (its events all go to one partition).
     */
    private void assertTopicsHoldTheOutbox(List<ConsumerRecord<String, String>> published) {
        Map<Long, Row> rows = bazaar.jdbc.sql("""
                        SELECT id, event_type, event_version, aggregate_type, aggregate_id, payload::text, correlation_id
                        FROM outbox ORDER BY id""")
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .list().stream().collect(Collectors.toMap(Row::id, r -> r, (a, b) -> a, LinkedHashMap::new));
        Map<String, List<Long>> byAggregate = new LinkedHashMap<>();
        for (var record : published) {
            Row row = rows.get(eventId(record));
            assertThat(row).as("record of an outbox row: " + record).isNotNull();
            assertThat(record.topic()).isEqualTo(prefix + "." + row.aggregateType() + ".v" + row.version());
            assertThat(record.key()).isEqualTo(row.aggregateId());
            assertThat(record.value()).isEqualTo(row.payload());
            assertThat(header(record, EventRecords.EVENT_TYPE)).isEqualTo(row.type());
            assertThat(header(record, EventRecords.EVENT_VERSION)).isEqualTo(Integer.toString(row.version()));
            assertThat(header(record, EventRecords.CORRELATION_ID)).isEqualTo(row.correlationId());
            assertThat(header(record, EventRecords.OCCURRED_AT)).isNotBlank();
            byAggregate.computeIfAbsent(record.topic() + "/" + record.key(), k -> new ArrayList<>())
                    .add(row.id());
        }
        byAggregate.forEach((aggregate, ids) -> assertThat(ids).as("events of " + aggregate + " in outbox order")
                .isSorted());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return TestTopics.header(record, name);
    }

    private static long eventId(ConsumerRecord<String, String> record) {
        return TestTopics.eventId(record);
    }

    private static List<Long> eventIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(OutboxRelayTest::eventId).toList();
    }

    private List<ConsumerRecord<String, String>> topicContents() throws Exception {
        return TestTopics.read(prefix);
    }
}
