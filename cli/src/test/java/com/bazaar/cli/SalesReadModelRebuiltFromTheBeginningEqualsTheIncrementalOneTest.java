package com.bazaar.cli;

import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;
import com.bazaar.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sales read model from real flows (orders placed on two days, one cancelled, one paid and partly refunded, one
 * paid, fully refunded and cancelled), published by 'events relay --once' and consumed by the worker: it is net of
 * cancellations and refunds, each taken from the day its order was placed on; a worker stopped mid-stream and started
 * again loses nothing and applies nothing twice; and rebuilt from the beginning ('worker --rebuild sales': offsets
 * reset, the model emptied) it ends with the same rows as the incremental one.
 */
class SalesReadModelRebuiltFromTheBeginningEqualsTheIncrementalOneTest {

    @TempDir
    Path home;

    @Test
    void theRebuiltReadModelEqualsTheIncrementalOne() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        String prefix = TestKafka.unique("sales-rebuild");
        var env = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(), "BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
        var topics = new Topics(prefix);
        var settings = Worker.Settings.of(TestKafka.bootstrapServers())
                .withGroupPrefix(TestKafka.unique("sales-rebuild-group") + "-");
        Actor worker = bazaar.authenticate(bazaar.user("sales-worker", Role.SRE, null));
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100);
        var admin = bazaar.admin();
        var s = bazaar.services;

        // day 1: a paid order partly refunded, a cancelled one
        var paid = bazaar.order("paid", "ACME", "MUG:2").order();           // 25.98
        var payment = paid.payment().orElseThrow().id();
        s.authorizePayment().authorize(admin, payment);
        s.capturePayment().capture(admin, payment);
        refund(bazaar, payment, "r-1", "1.00");
        var cancelled = bazaar.order("cancelled", "ACME", "MUG:1").order(); // 12.99, then cancelled
        s.cancelOrder().cancel(admin, cancelled.order().id(), "buyer changed mind");
        relay(bazaar, env);

        var first = start(bazaar, worker, topics, settings);
        Eventually.within(Duration.ofSeconds(60), "day 1 applied", () -> applied(bazaar) == salesEvents(bazaar));
        first.close(); // stopped mid-stream: what comes next waits in the topics

        // day 2: an order, and one paid, fully refunded and then cancelled (its revenue is not taken away twice)
        bazaar.clock.advance(Duration.ofDays(1));
        bazaar.order("later", "ACME", "MUG:3");                            // 38.97
        var undone = bazaar.order("undone", "ACME", "MUG:1").order();
        var undonePayment = undone.payment().orElseThrow().id();
        s.authorizePayment().authorize(admin, undonePayment);
        s.capturePayment().capture(admin, undonePayment);
        refund(bazaar, undonePayment, "r-2", "12.99");
        s.cancelOrder().cancel(admin, undone.order().id(), "out of stock after all");
        relay(bazaar, env);

        try (var again = start(bazaar, worker, topics, settings)) {
            Eventually.within(Duration.ofSeconds(60), "everything applied", () -> applied(bazaar) == salesEvents(bazaar));
        }
        List<String> incremental = rows(bazaar);
        assertThat(incremental).containsExactly(
                "ACME 2026-11-25 USD orders=1 units=2 revenue=2498",
                "ACME 2026-11-26 USD orders=1 units=3 revenue=3897");
        var report = bazaar.cli(bazaar.adminToken(), "report", "sales", "--seller", "ACME", "--from", "2026-11-25",
                "--to", "2026-11-26", "--output", "json");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("\"revenue\" : \"24.98\"", "\"revenue\" : \"38.97\"");

        WorkerRuntime.rebuild(bazaar.services, settings, ProjectSales.CONSUMER);
        assertThat(rows(bazaar)).isEmpty();
        assertThat(applied(bazaar)).isZero();
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM sales_orders").query(Long.class).single()).isZero();
        try (var rebuilt = start(bazaar, worker, topics, settings)) {
            Eventually.within(Duration.ofSeconds(60), "everything applied again",
                    () -> applied(bazaar) == salesEvents(bazaar));
        }
        assertThat(rows(bazaar)).isEqualTo(incremental);
    }

    private static void refund(TestBazaar bazaar, PaymentId payment, String key, String amount) {
        bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(), new IdempotencyKey(key), payment,
                amount, "test"));
    }

    private static void relay(TestBazaar bazaar, Map<String, String> env) {
        RelayPasses.untilAllPublished(bazaar, env);
    }

    private static Worker start(TestBazaar bazaar, Actor worker, Topics topics, Worker.Settings settings) {
        return WorkerRuntime.start(bazaar.services, worker, topics, Set.of(ProjectSales.CONSUMER), settings,
                new ConsumerMetrics(new SimpleMeterRegistry()));
    }

    /** The events the sales consumer applies, as the outbox holds them. */
    private static long salesEvents(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE event_type IN ('OrderPlaced', 'OrderCancelled',"
                + " 'RefundIssued')").query(Long.class).single();
    }

    private static long applied(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT count(*) FROM processed_events WHERE consumer = 'sales'").query(Long.class)
                .single();
    }

    private static List<String> rows(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT seller || ' ' || day || ' ' || currency || ' orders=' || orders || ' units='"
                + " || units || ' revenue=' || revenue_minor FROM seller_sales_daily ORDER BY seller, day, currency")
                .query(String.class).list();
    }
}
