package com.bazaar.cli;

import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.application.ScheduleReservationExpiry;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code reservations} consumer on a real broker and PostgreSQL, with the test clock: each StockReserved
 * published by the relay schedules its order's expiry; nothing is released before it is due; when the clock passes
 * it, the worker expires the unpaid order exactly as the sweep would (cancelled, stock returned, audited, events) and
 * leaves an authorized one alone; the sweep run afterwards finds nothing left to expire (never twice); a worker whose
 * user may not release reservations is refused before it starts.
 */
class ReservationsExpireWhenTheirStockReservedFallsDueTest {

    @TempDir
    Path home;

    @Test
    void anUnpaidOrderExpiresWhenItsStockReservedFallsDueAndOnlyOnce() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        String prefix = TestKafka.unique("reservations");
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 10);
        long unpaid = bazaar.order("unpaid", "ACME", "MUG:2").order().order().id().value();
        var authorized = bazaar.order("authorized", "ACME", "MUG:3").order();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), authorized.payment().orElseThrow().id());
        assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(5);
        RelayPasses.untilAllPublished(bazaar, Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(),
                "BAZAAR_KAFKA_TOPIC_PREFIX", prefix));

        var settings = Worker.Settings.of(TestKafka.bootstrapServers())
                .withGroupPrefix(TestKafka.unique("reservations-group") + "-");
        var operator = bazaar.authenticate(bazaar.user("expiry-worker", Role.OPERATOR, null));
        try (var worker = WorkerRuntime.start(bazaar.services, operator, new Topics(prefix),
                Set.of(ScheduleReservationExpiry.CONSUMER), settings, new ConsumerMetrics(new SimpleMeterRegistry()))) {
            Eventually.within(Duration.ofSeconds(60), "both StockReserved scheduled", () -> bazaar.jdbc
                    .sql("SELECT count(*) FROM reservation_expiries").query(Long.class).single() == 2);
            Thread.sleep(2 * WorkerRuntime.RELEASE_EVERY.toMillis()); // the release loop ran: nothing is due yet
            assertThat(status(bazaar, unpaid)).isEqualTo("PLACED");
            assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(5);

            bazaar.clock.advance(Duration.ofMinutes(16)); // past the 15 minutes of reservation.ttl
            Eventually.within(Duration.ofSeconds(30), "the due entries handled", () -> bazaar.jdbc
                    .sql("SELECT count(*) FROM reservation_expiries").query(Long.class).single() == 0);
        }
        assertThat(status(bazaar, unpaid)).isEqualTo("CANCELLED");
        assertThat(status(bazaar, authorized.order().id().value())).as("the buyer has paid: capture or void decides")
                .isEqualTo("PLACED");
        assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(3);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'order.expire' AND target = :t")
                .param("t", "order:" + unpaid).query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT string_agg(event_type, ',' ORDER BY id) FROM outbox WHERE aggregate_id = :o"
                + " AND event_type IN ('OrderCancelled', 'ReservationExpired')").param("o", String.valueOf(unpaid))
                .query(String.class).single()).isEqualTo("OrderCancelled,ReservationExpired");

        // the sweep, the safety net, finds nothing left to expire: an order is never expired twice
        var sweep = bazaar.cli(bazaar.adminToken(), "inventory", "release-expired");
        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'order.expire'").query(Long.class)
                .single()).isEqualTo(1);
        assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(3);
    }

    @Test
    void aWorkerWhoseUserMayNotReleaseReservationsDoesNotStart() {
        var bazaar = TestBazaar.initialised(home);
        var finance = bazaar.authenticate(bazaar.user("finance-worker", Role.FINANCE, null));
        var settings = Worker.Settings.of(TestKafka.bootstrapServers())
                .withGroupPrefix(TestKafka.unique("reservations-denied") + "-");
        assertThatThrownBy(() -> WorkerRuntime.start(bazaar.services, finance,
                new Topics(TestKafka.unique("reservations-denied")), Set.of(ScheduleReservationExpiry.CONSUMER),
                settings, new ConsumerMetrics(new SimpleMeterRegistry())))
                .isInstanceOf(PermissionDenied.class);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'inventory.release-expired'"
                + " AND outcome = 'DENIED'").query(Long.class).single()).isEqualTo(1);
    }

    private static String status(TestBazaar bazaar, long order) {
        return bazaar.jdbc.sql("SELECT status FROM orders WHERE id = :id").param("id", order).query(String.class)
                .single();
    }
}
