package com.bazaar.cli;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.support.StoredEvents;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        s.authorizePayment().authorize(admin, paid);
        s.capturePayment().capture(admin, paid);
        s.issueRefund().issue(new IssueRefund.Command(admin, new IdempotencyKey("r1"), paid, "1.00", "scratch"));
        s.issueRefund().issue(new IssueRefund.Command(admin, new IdempotencyKey("r2"), paid, "1.51", "declined"));
        s.issueRefund().issue(new IssueRefund.Command(admin, new IdempotencyKey("r3"), paid, "1.52", "lost"));
        long order = bazaar.jdbc.sql("SELECT order_id FROM payments WHERE id = :p").param("p", paid.value())
                .query(Long.class).single();
        s.shipOrder().ship(admin, new com.bazaar.domain.order.OrderId(order));
        s.deliverOrder().deliver(admin, new com.bazaar.domain.order.OrderId(order));

        var voided = bazaar.order("voided", "ACME", "MUG:1").order().payment().orElseThrow().id();
        s.authorizePayment().authorize(admin, voided);
        s.voidPayment().voidPayment(admin, voided);
        s.authorizePayment().authorize(admin, bazaar.order("lost", "ACME", "LOST:1").order().payment().orElseThrow().id());
        s.authorizePayment().authorize(admin, bazaar.order("slow", "ACME", "SLOW:1").order().payment().orElseThrow().id());
        s.authorizePayment().authorize(admin, bazaar.order("no", "ACME", "NO:1").order().payment().orElseThrow().id());
        var cancelled = bazaar.order("cancelled", "ACME", "MUG:1").order().order().id();
        s.cancelOrder().cancel(admin, cancelled, "buyer changed mind");
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

    /** The sealed event types of the code are the documented ones: every permitted record documented, and no more. */
    @Test
    void everyPermittedEventTypeIsDocumentedAndEveryDocumentedTypeIsPermitted() throws Exception {
        Set<String> permitted = new HashSet<>();
        StoredEvents.types().forEach(type -> permitted.add(type.getSimpleName()));
        Set<String> documented = new HashSet<>();
        documented().forEach(e -> documented.add(e.substring(0, e.indexOf(' '))));
        assertThat(permitted).as("the records permitted by " + StoredEvents.roots())
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    /**
     * Every stored event reads back into its typed record (the compatibility of stored payloads), and that record
     * writes the same aggregate and the same payload again: the typed events changed nothing in the outbox.
     */
    @Test
    void everyStoredEventReadsBackIntoItsTypedRecordAndWritesTheSamePayload() {
        var rows = bazaar.jdbc.sql("SELECT id, event_type, aggregate_type, aggregate_id, payload::text AS payload"
                + " FROM outbox ORDER BY id").query((rs, n) -> new String[] {rs.getString("id"),
                rs.getString("event_type"), rs.getString("aggregate_type"), rs.getString("aggregate_id"),
                rs.getString("payload")}).list();
        assertThat(rows).hasSizeGreaterThan(30);
        for (String[] row : rows) {
            Event event = StoredEvents.read(row[1], row[3], row[4]);
            assertThat(event.type()).isEqualTo(row[1]);
            assertThat(event.aggregateType() + ":" + event.aggregateId()).as(row[1]).isEqualTo(row[2] + ":" + row[3]);
            assertThat(bazaar.jdbc.sql("SELECT payload = CAST(:json AS jsonb) FROM outbox WHERE id = :id")
                    .param("json", Json.write(event.payload())).param("id", Long.parseLong(row[0]))
                    .query(Boolean.class).single()).as(row[1] + " " + row[4]).isTrue();
        }
    }

    @Test
    void eventsCarryTheirCorrelationIdAndAJsonObjectPayload() {
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE jsonb_typeof(payload) <> 'object'"
                + " OR correlation_id = '' OR published_at IS NOT NULL").query(Long.class).single()).isZero();
    }

    /**
     * The payload schemas of docs/events.md are the payloads: every top-level key an emitted event carries is a
     * field documented for it (its snapshot's fields plus its own), and every field documented without {@code ?} is
     * in every payload of that event. ReconciliationCompleted's per-category counts are keys of a documented shape.
     */
    @Test
    void everyPayloadHasExactlyTheDocumentedFields() throws Exception {
        Map<String, Map<String, Boolean>> schemas = schemas();
        var rows = bazaar.jdbc.sql("SELECT event_type, payload::text FROM outbox ORDER BY id")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list();
        Set<String> checked = new HashSet<>();
        for (var row : rows) {
            Map<String, Boolean> fields = schemas.get(row.getKey());
            assertThat(fields).as("a schema for " + row.getKey()).isNotNull();
            Set<String> keys = Json.readObject(row.getValue()).keySet();
            for (String key : keys) {
                boolean countKey = row.getKey().equals("ReconciliationCompleted") && key.matches("[A-Z_]+/[A-Z]{3}");
                assertThat(countKey || fields.containsKey(key)).as(row.getKey() + " carries '" + key + "', which"
                        + " docs/events.md does not document for it (documented: " + fields.keySet() + ")").isTrue();
            }
            fields.forEach((field, required) -> {
                if (required) {
                    assertThat(keys).as(row.getKey() + " lacks its required field '" + field + "'").contains(field);
                }
            });
            checked.add(row.getKey());
        }
        assertThat(checked).as("every documented event was checked against its schema")
                .containsExactlyInAnyOrderElementsOf(schemas.keySet());
    }

    /** event type -> documented top-level field -> required (no {@code ?}). */
    private static Map<String, Map<String, Boolean>> schemas() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        String snapshotsPart = doc.substring(doc.indexOf("### Shared snapshots"), doc.indexOf("### Per event"));
        Map<String, Map<String, Boolean>> snapshots = new HashMap<>();
        String current = null;
        for (String line : snapshotsPart.split("\n")) {
            Matcher heading = Pattern.compile("^\\*\\*([\\w ]+?) snapshot\\*\\*").matcher(line);
            if (heading.find()) {
                current = heading.group(1).toLowerCase(Locale.ROOT);
                snapshots.put(current, new LinkedHashMap<>());
            } else if (current != null && line.startsWith("| ") && !line.startsWith("| field")) {
                String field = line.split("\\|")[1].strip();
                if (!field.contains("[]")) {
                    snapshots.get(current).put(field.replace("?", ""), !field.endsWith("?"));
                }
            }
        }
        int perEventAt = doc.indexOf("### Per event");
        int nextSection = doc.indexOf("\n## ", perEventAt);
        String perEvent = doc.substring(perEventAt, nextSection < 0 ? doc.length() : nextSection);
        Map<String, Map<String, Boolean>> schemas = new HashMap<>();
        Pattern own = Pattern.compile("`([a-z][A-Za-z0-9]*)(\\??)` \\(");
        for (String line : perEvent.split("\\n")) {
            if (!line.startsWith("| ") || line.startsWith("| event")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Map<String, Boolean> fields = new LinkedHashMap<>();
            String described = cells[2];
            if (!described.startsWith(" no snapshot")) {
                snapshots.forEach((name, its) -> {
                    if (described.toLowerCase(Locale.ROOT).contains(name + " snapshot")) {
                        fields.putAll(its);
                    }
                });
            }
            Matcher m = own.matcher(described);
            while (m.find()) {
                fields.put(m.group(1), m.group(2).isEmpty());
            }
            // "`created`, `updated`, `unchanged`, `rejected` (integers, rows)": a list sharing one description
            Matcher listed = Pattern.compile("`([a-z][A-Za-z0-9]*)`,").matcher(described);
            while (listed.find()) {
                fields.putIfAbsent(listed.group(1), true);
            }
            for (String event : cells[1].split(",")) {
                schemas.put(event.strip(), fields);
            }
        }
        return schemas;
    }
}

