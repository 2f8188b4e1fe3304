package com.bazaar.cli;

import com.bazaar.domain.order.OrderId;
import com.bazaar.testsupport.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker unreachable (docs/failure_scenarios.md, "Kafka unreachable while events flow"): a relay pass against a
 * broker that does not answer (a closed port) fails with its exit code and marks nothing; the next pass against the
 * broker, back, publishes every committed event: none lost.
 */
class AnUnreachableBrokerLosesNoEventTest {

    @TempDir
    Path home;

    @Test
    void aRelayPassWithoutTheBrokerMarksNothingAndTheNextOnePublishesEverything() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 10);
        var order = bazaar.order("o-1", "ACME", "MUG:2").order().order().id();
        bazaar.order("o-2", "ACME", "MUG:1");
        bazaar.services.cancelOrder().cancel(bazaar.admin(), new OrderId(order.value()), "changed mind");
        long committed = bazaar.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
        String prefix = TestKafka.unique("unreachable");

        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nobody listens there once the socket is closed
        }
        var down = bazaar.cliWithEnv(Map.of("BAZAAR_KAFKA", "127.0.0.1:" + closed, "BAZAAR_KAFKA_TOPIC_PREFIX", prefix),
                bazaar.adminToken(), "events", "relay", "--once");
        assertThat(down.exitCode()).as(down.toString()).isNotZero();
        assertThat(RelayPasses.unpublished(bazaar)).as("nothing marked without an acknowledgement").isEqualTo(committed);

        RelayPasses.untilAllPublished(bazaar, Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(),
                "BAZAAR_KAFKA_TOPIC_PREFIX", prefix));
        List<String> outbox = bazaar.jdbc.sql("SELECT id::text FROM outbox").query(String.class).list();
        assertThat(RelayPasses.eventIds(prefix)).as("every committed event reached the broker (at least once)")
                .containsAll(outbox).allMatch(outbox::contains);
    }
}
