package com.bazaar.cli;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.inventory.application.AdjustStock;
import com.bazaar.domain.inventory.application.SplitStock;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A product split into stock lanes for a flash sale (ADR 0014) sells exactly what it has: buyers racing for the last
 * units, with cancellations, captures, adjustments and re-splits racing them, never oversell, never deadlock, and
 * leave the lanes' accounting exact (a row's reserved units are what its own reservations hold plus what its lanes
 * were allotted; a lane's taken units what its reservations hold). The database refuses every change to the lanes
 * that could oversell, whoever writes it.
 */
class SplitStockNeverOversellsTest {

    private static final int BUYERS = 16;
    private static final SellerCode ACME = SellerCode.of("ACME");

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
    }

    private void split(String sku, int lanes) {
        bazaar.services.splitStock().split(new SplitStock.Command(bazaar.admin(), ACME, Sku.of(sku), lanes,
                "flash sale"));
    }

    private long count(String sql, Object... params) {
        var statement = bazaar.jdbc.sql(sql);
        for (Object p : params) {
            statement = statement.param(p);
        }
        return statement.query(Long.class).single();
    }

    /** The product's stock as buyers see it: reserved and available, its lanes counted in. */
    private long[] whole(String sku) {
        var view = bazaar.services.showProduct().stock(bazaar.admin(), ACME, Sku.of(sku));
        return new long[]{view.stock().onHand(), view.stock().reserved(), view.stock().available()};
    }

    /** The lanes' accounting, exact, against the reservations that hold stock. */
    private void assertLanesAccountFor(String sku) {
        long product = count("SELECT id FROM products WHERE sku = ?", sku);
        long onRow = count("SELECT coalesce(sum(quantity), 0) FROM reservations WHERE product_id = ? AND state = 'HELD'"
                + " AND lane IS NULL", product);
        long allotted = count("SELECT coalesce(sum(allotted), 0) FROM stock_lanes WHERE product_id = ?", product);
        assertThat(count("SELECT reserved FROM stock WHERE product_id = ?", product)).as("%s: the row's reserved units"
                + " are its reservations' plus its lanes' allotments", sku).isEqualTo(onRow + allotted);
        assertThat(count("SELECT count(*) FROM stock_lanes l WHERE product_id = ? AND taken <> (SELECT coalesce(sum("
                + "quantity), 0) FROM reservations r WHERE r.product_id = l.product_id AND r.lane = l.lane"
                + " AND r.state = 'HELD')", product)).as("%s: lanes whose taken units are not their reservations'", sku)
                .isZero();
        long held = count("SELECT coalesce(sum(quantity), 0) FROM reservations WHERE product_id = ? AND state = 'HELD'",
                product);
        long[] stock = whole(sku);
        assertThat(stock[1]).as("%s: reserved, as shown", sku).isEqualTo(held);
        assertThat(stock[1]).as("%s: reserved within on hand", sku).isLessThanOrEqualTo(stock[0]);
    }

    @Test
    void sixteenBuyersForTenUnitsOnFourLanesSellExactlyTen() throws Exception {
        bazaar.product("ACME", "LAST-10", "19.99", 10);
        split("LAST-10", 4);
        assertThat(whole("LAST-10")).containsExactly(10, 0, 10);
        assertThat(count("SELECT sum(allotted) FROM stock_lanes")).as("every unit on a lane").isEqualTo(10);

        var outcomes = Concurrently.run(BUYERS, i -> () -> bazaar.order("buyer-" + i, "ACME", "LAST-10:1"));

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(10);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(BUYERS - 10).allSatisfy(o -> {
            assertThat(o.failure()).isInstanceOf(RuleViolation.class)
                    .hasMessage("not enough stock of LAST-10: 0 available, 1 ordered");
            assertThat(((RuleViolation) o.failure()).code()).isEqualTo("INSUFFICIENT_STOCK");
        });
        assertThat(whole("LAST-10")).containsExactly(10, 10, 0);
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM reservations WHERE lane IS NOT NULL")).as("reservations on lanes")
                .isPositive();
        assertLanesAccountFor("LAST-10");
    }

    @Test
    void buyersCancellationsCapturesAdjustmentsAndResplitsRacingNeverOversell() throws Exception {
        bazaar.product("ACME", "HOT", "3.00", 300);
        bazaar.product("ACME", "COLD", "1.00", 100);
        split("HOT", 8);
        AtomicLong adjusted = new AtomicLong();
        Set<String> refusals = ConcurrentHashMap.newKeySet();
        Map<String, Long> placedUnits = new ConcurrentHashMap<>();
        var outcomes = Concurrently.run(BUYERS + 1, t -> () -> {
            Random random = new Random(t);
            if (t == BUYERS) { // the operator: adjusts and re-splits while the sale runs
                for (int i = 0; i < 30; i++) {
                    try {
                        long delta = random.nextBoolean() ? 5 : -5;
                        bazaar.services.adjustStock().adjust(new AdjustStock.Command(bazaar.admin(), ACME,
                                Sku.of("HOT"), delta, "recount"));
                        adjusted.addAndGet(delta);
                    } catch (RuleViolation e) {
                        refusals.add(e.code());
                    }
                    split("HOT", 1 + random.nextInt(12));
                }
                return null;
            }
            List<OrderId> mine = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int action = random.nextInt(10);
                try {
                    if (action < 6 || mine.isEmpty()) {
                        int quantity = 1 + random.nextInt(3);
                        String[] lines = random.nextBoolean() ? new String[]{"HOT:" + quantity}
                                : new String[]{"HOT:" + quantity, "COLD:1"};
                        var placed = bazaar.order("t" + t + "-" + i, "ACME", lines);
                        mine.add(placed.order().order().id());
                        placedUnits.merge("HOT", (long) quantity, Long::sum);
                    } else if (action < 8) {
                        OrderId order = mine.remove(random.nextInt(mine.size()));
                        bazaar.services.cancelOrder().cancel(bazaar.admin(), order, "changed my mind");
                    } else {
                        OrderId order = mine.remove(random.nextInt(mine.size()));
                        PaymentId payment = bazaar.services.showOrder().show(bazaar.admin(), order).payment()
                                .orElseThrow().id();
                        bazaar.services.authorizePayment().authorize(bazaar.admin(), payment);
                        bazaar.services.capturePayment().capture(bazaar.admin(), payment);
                    }
                } catch (RuleViolation e) {
                    refusals.add(e.code());
                }
            }
            return null;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).as("no deadlock, no error").isNull());
        assertThat(refusals).as("business refusals only").isSubsetOf("INSUFFICIENT_STOCK", "BELOW_RESERVED");
        assertThat(placedUnits.get("HOT")).as("orders were placed").isPositive();
        assertLanesAccountFor("HOT");
        assertLanesAccountFor("COLD");
        long shipped = count("SELECT coalesce(sum(quantity), 0) FROM reservations r JOIN products p ON p.id ="
                + " r.product_id WHERE p.sku = 'HOT' AND r.state = 'COMMITTED'");
        assertThat(whole("HOT")[0]).as("on hand: the start, the adjustments, less what was captured")
                .isEqualTo(300 + adjusted.get() - shipped);
        assertThat(count("SELECT count(*) FROM reservations WHERE lane IS NOT NULL")).as("reservations on lanes")
                .isPositive();
    }

    @Test
    void mergingBackKeepsEveryReservationAndTheirStock() {
        bazaar.product("ACME", "MUG", "5.00", 40);
        split("MUG", 4);
        var kept = bazaar.order("kept", "ACME", "MUG:3").order();
        var cancelled = bazaar.order("cancelled", "ACME", "MUG:2").order();
        var paid = bazaar.order("paid", "ACME", "MUG:5").order();
        assertThat(count("SELECT count(*) FROM reservations WHERE lane IS NOT NULL")).isEqualTo(3);
        assertThat(whole("MUG")).containsExactly(40, 10, 30);

        split("MUG", 1);
        assertThat(whole("MUG")).as("merging changes no figure").containsExactly(40, 10, 30);
        assertLanesAccountFor("MUG");

        bazaar.services.cancelOrder().cancel(bazaar.admin(), cancelled.order().id(), "changed my mind");
        var payment = paid.payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), payment);
        bazaar.services.capturePayment().capture(bazaar.admin(), payment);
        bazaar.order("after", "ACME", "MUG:30");
        assertThat(whole("MUG")).containsExactly(35, 33, 2);
        assertLanesAccountFor("MUG");
        assertThat(kept.order().id()).isNotNull();

        split("MUG", 3);
        assertThat(whole("MUG")).as("split again").containsExactly(35, 33, 2);
        assertLanesAccountFor("MUG");
        assertThatThrownBy(() -> bazaar.order("too-many", "ACME", "MUG:3")).isInstanceOf(RuleViolation.class)
                .hasMessage("not enough stock of MUG: 2 available, 3 ordered");
        bazaar.order("last-two", "ACME", "MUG:2");
        assertThat(whole("MUG")).containsExactly(35, 35, 0);
        assertLanesAccountFor("MUG");
    }

    @Test
    void aSyncSeesTheWholeStockOfASplitProduct() throws Exception {
        bazaar.product("ACME", "MUG", "5.00", 10);
        split("MUG", 4);
        bazaar.order("holds-6", "ACME", "MUG:6");
        // on hand may fall to what is reserved (6), though the lanes were allotted every unit
        Path file = home.resolve("stock.csv");
        Files.writeString(file, "sku,on_hand\nMUG,7\n");
        var plan = bazaar.cli(bazaar.adminToken(), "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                file.toString());
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        var run = bazaar.cli(bazaar.adminToken(), "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(whole("MUG")).containsExactly(7, 6, 1);
        assertLanesAccountFor("MUG");
        bazaar.order("the-last-one", "ACME", "MUG:1");
        assertThat(whole("MUG")).containsExactly(7, 7, 0);
        assertLanesAccountFor("MUG");

        Files.writeString(file, "sku,on_hand\nMUG,6\n");
        var below = bazaar.cli(bazaar.adminToken(), "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                file.toString(), "--mode", "apply");
        assertThat(below.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(whole("MUG")).containsExactly(7, 7, 0);
    }

    @Test
    void aLaneHeldByAStuckBuyerIsSkippedNotWaitedFor() throws Exception {
        bazaar.product("ACME", "MUG", "5.00", 10);
        split("MUG", 2);
        try (var stuck = bazaar.db.adminDataSource().getConnection()) {
            stuck.setAutoCommit(false);
            try (var lock = stuck.createStatement()) {
                // a buyer that locked lane 1 and hangs (a paused process, a lost network) before its commit
                lock.execute("SELECT * FROM stock_lanes WHERE lane = 1 FOR UPDATE");
            }
            var placing = java.util.concurrent.CompletableFuture.supplyAsync(() -> bazaar.order("while-stuck", "ACME",
                    "MUG:2"));
            placing.get(30, java.util.concurrent.TimeUnit.SECONDS); // placed on the other lane, without waiting
            assertThat(count("SELECT lane FROM reservations")).isEqualTo(2);
            stuck.rollback(); // killed: its transaction and the lane's lock go
        }
        bazaar.order("after", "ACME", "MUG:5");
        assertThat(whole("MUG")).containsExactly(10, 7, 3);
        assertLanesAccountFor("MUG");
    }

    @Test
    void theDatabaseRefusesLaneChangesThatCouldOversell() {
        bazaar.product("ACME", "MUG", "5.00", 10);
        bazaar.product("ACME", "OTHER", "5.00", 10);
        split("MUG", 2);
        bazaar.order("one", "ACME", "MUG:1");
        long product = count("SELECT id FROM products WHERE sku = 'MUG'");
        refused("stock_lanes_never_oversold", "UPDATE stock_lanes SET taken = allotted + 1 WHERE product_id = "
                + product + " AND lane = 1");
        refused("stock_lanes_within_reserved", "UPDATE stock_lanes SET allotted = allotted + 1 WHERE product_id = "
                + product + " AND lane = 1");
        refused("stock_lanes_within_reserved", "INSERT INTO stock_lanes (product_id, lane, allotted, taken) VALUES ("
                + product + ", 3, 1, 0)");
        refused("stock_lanes_within_reserved", "UPDATE stock SET reserved = reserved - 1 WHERE product_id = "
                + product);
        refused("stock_lanes_within_reserved", "UPDATE stock_lanes SET lane = 9 WHERE product_id = " + product
                + " AND lane = 2");
        refused("stock_lanes_range", "UPDATE stock SET lanes = 65 WHERE product_id = " + product);
        refused("stock_laned_stays", "UPDATE stock SET laned = false WHERE product_id = " + product);
        assertThat(count("SELECT count(*) FROM stock WHERE laned")).as("only the split product is marked as having lanes")
                .isEqualTo(1);
        assertLanesAccountFor("MUG");
    }

    private void refused(String constraint, String sql) {
        assertThatThrownBy(() -> bazaar.jdbc.sql(sql).update()).as(sql).hasMessageContaining(constraint);
    }
}
