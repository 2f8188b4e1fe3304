package com.bazaar.cli;

import com.bazaar.domain.refund.application.IssueRefund;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/events.md is the contract of the outbox: every event the flows emit is documented with its version, and the
 * document names no event the code never emits. Every change also records its events in its own transaction.
 */
class EventsDocumentMatchesCodeTest {

    @TempDir
    static Path home;
    private static TestBazaar bazaar;

    @BeforeAll
    static void runEveryFlow() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 20);
        bazaar.product("ACME", "LOST", "10.52", 5);
        bazaar.product("ACME", "SLOW", "10.53", 5);
        bazaar.product("ACME", "NO", "10.51", 5);
        var admin = bazaar.admin();
        var s = bazaar.services;
        s.changeProduct().setPrice(admin, SellerCode.of("ACME"), Sku.of("MUG"), "11.00");
        s.changeProduct().suspend(admin, SellerCode.of("ACME"), Sku.of("NO"));
        s.changeProduct().activate(admin, SellerCode.of("ACME"), Sku.of("NO"));
        bazaar.cli(bazaar.adminToken(), "discount", "create", "--seller", "ACME", "--sku", "MUG", "--amount", "1.00");

        var paid = bazaar.order("paid", "ACME", "MUG:2").order().payment().orElseThrow().id();
        s.processPayment().authorize(admin, paid);
        s.processPayment().capture(admin, paid);
        s.issueRefund().issue(new IssueRefund.Command(admin, new IdempotencyKey("r1"), paid, "1.00", "scratch"));
        s.issueRefund().issue(new IssueRefund.Command(admin, new IdempotencyKey("r2"), paid, "1.51", "declined"));
        s.issueRefund().issue(new IssueRefund.Command(admin, new IdempotencyKey("r3"), paid, "1.52", "lost"));
        long order = bazaar.jdbc.sql("SELECT order_id FROM payments WHERE id = :p").param("p", paid.value())
                .query(Long.class).single();
        s.changeOrder().ship(admin, new com.bazaar.domain.order.OrderId(order));
        s.changeOrder().deliver(admin, new com.bazaar.domain.order.OrderId(order));

        var voided = bazaar.order("voided", "ACME", "MUG:1").order().payment().orElseThrow().id();
        s.processPayment().authorize(admin, voided);
        s.processPayment().voidPayment(admin, voided);
        s.processPayment().authorize(admin, bazaar.order("lost", "ACME", "LOST:1").order().payment().orElseThrow().id());
        s.processPayment().authorize(admin, bazaar.order("slow", "ACME", "SLOW:1").order().payment().orElseThrow().id());
        s.processPayment().authorize(admin, bazaar.order("no", "ACME", "NO:1").order().payment().orElseThrow().id());
        var cancelled = bazaar.order("cancelled", "ACME", "MUG:1").order().order().id();
        s.changeOrder().cancel(admin, cancelled, "buyer changed mind");
        try {
            var csv = home.resolve("catalog.csv");
            java.nio.file.Files.writeString(csv, "sku,title,price\nIMPORTED,Imported,3.00\n");
            bazaar.cli(bazaar.adminToken(), "job", "run", "catalog-import", "--seller", "ACME", "--file", csv.toString(),
                    "--mode", "apply");
            var stock = home.resolve("stock.csv");
            java.nio.file.Files.writeString(stock, "sku,on_hand\nIMPORTED,4\n");
            bazaar.cli(bazaar.adminToken(), "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                    stock.toString(), "--mode", "apply");
            var settlement = home.resolve("settlement.csv");
            java.nio.file.Files.writeString(settlement, "provider_reference,merchant_reference,type,gross,fee,net,"
                    + "currency,booking_date,payout_id\nx1,999999,PAYMENT,500.00,0.00,500.00,USD,2026-11-25,po1\n");
            String fiona = bazaar.user("fiona", com.bazaar.domain.identity.Role.FINANCE, null);
            String farid = bazaar.user("farid", com.bazaar.domain.identity.Role.FINANCE, null);
            bazaar.cli(fiona, "recon", "run", "--provider", "generic", "--file", settlement.toString());
            long item = bazaar.jdbc.sql("SELECT id FROM recon_items WHERE category = 'MISSING_IN_LEDGER'")
                    .query(Long.class).single();
            bazaar.cli(fiona, "recon", "resolve", Long.toString(item), "--resolution", "written-off", "--reason", "test");
            bazaar.cli(farid, "recon", "approve", Long.toString(item));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        bazaar.order("expires", "ACME", "MUG:1");
        bazaar.clock.advance(java.time.Duration.ofHours(1));
        s.releaseExpired().release(admin);
    }

    static Set<String> documented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        String table = doc.substring(doc.indexOf("<!-- events:start -->"), doc.indexOf("<!-- events:end -->"));
        Set<String> events = new HashSet<>();
        table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| event")).forEach(l -> {
            String[] cells = l.split("\\|");
            events.add(cells[1].strip() + " v" + cells[2].strip());
        });
        return events;
    }

    @Test
    void everyEmittedEventIsDocumentedAndEveryDocumentedEventIsEmitted() throws Exception {
        Set<String> emitted = new HashSet<>(bazaar.jdbc.sql("SELECT DISTINCT event_type || ' v' || event_version FROM outbox")
                .query(String.class).list());
        assertThat(documented()).as("docs/events.md").containsExactlyInAnyOrderElementsOf(emitted);
    }

    @Test
    void eventsCarryTheirCorrelationIdAndAJsonObjectPayload() {
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE jsonb_typeof(payload) <> 'object'"
                + " OR correlation_id = '' OR published_at IS NOT NULL").query(Long.class).single()).isZero();
    }
}
