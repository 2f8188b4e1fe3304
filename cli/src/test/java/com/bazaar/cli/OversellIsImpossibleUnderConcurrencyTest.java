package com.bazaar.cli;

import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many buyers order the last units at the same moment: exactly the units on hand are sold, every other attempt is
 * refused with a clear reason, and stock stays consistent. Orders over several SKUs reserve all lines or none and
 * never deadlock, whatever order their lines come in.
 */
class OversellIsImpossibleUnderConcurrencyTest {

    private static final int BUYERS = 16;

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void sixteenBuyersForTenUnitsSellExactlyTen() throws Exception {
        bazaar.product("ACME", "LAST-10", "19.99", 10);
        var outcomes = Concurrently.run(BUYERS, i -> () -> bazaar.order("buyer-" + i, "ACME", "LAST-10:1"));

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(10);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(BUYERS - 10).allSatisfy(o -> {
            assertThat(o.failure()).isInstanceOf(RuleViolation.class)
                    .hasMessage("not enough stock of LAST-10: 0 available, 1 ordered");
            assertThat(((RuleViolation) o.failure()).code()).isEqualTo("INSUFFICIENT_STOCK");
        });
        assertThat(bazaar.stock("on_hand", "LAST-10")).isEqualTo(10);
        assertThat(bazaar.stock("reserved", "LAST-10")).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(10);
        assertThat(count("SELECT coalesce(sum(quantity), 0) FROM reservations WHERE state = 'HELD'")).isEqualTo(10);
    }

    @Test
    void ordersOverSeveralSkusReserveAllOrNothingAndNeverDeadlock() throws Exception {
        List<String> skus = List.of("RED", "GREEN", "BLUE");
        for (String sku : skus) {
            bazaar.product("ACME", sku, "5.00", 10);
        }
        Random random = new Random(42);
        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) {
            List<String> lines = new ArrayList<>(skus.stream().map(s -> s + ":1").toList());
            Collections.shuffle(lines, random);
            orders.add(lines);
        }
        var outcomes = Concurrently.run(BUYERS, i -> () -> bazaar.order("multi-" + i, "ACME",
                orders.get(i).toArray(String[]::new)));

        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(RuleViolation.class)
                        .hasMessageContaining("not enough stock"));
        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(10);
        for (String sku : skus) {
            assertThat(bazaar.stock("reserved", sku)).as(sku).isEqualTo(10);
        }
        assertThat(count("SELECT count(*) FROM order_lines")).isEqualTo(30);
    }

    @Test
    void aLineThatCannotBeReservedReservesNoOtherLine() {
        bazaar.product("ACME", "PLENTY", "1.00", 100);
        bazaar.product("ACME", "SCARCE", "1.00", 1);
        var failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                bazaar.order("partial", "ACME", "PLENTY:5", "SCARCE:2"));
        assertThat(failure).isInstanceOf(RuleViolation.class).hasMessage("not enough stock of SCARCE: 1 available, 2 ordered");
        assertThat(bazaar.stock("reserved", "PLENTY")).isZero();
        assertThat(bazaar.stock("reserved", "SCARCE")).isZero();
        assertThat(count("SELECT count(*) FROM orders")).isZero();
        assertThat(count("SELECT count(*) FROM reservations")).isZero();
    }

    @Test
    void theDatabaseRefusesAnOversellWrittenBehindTheApplicationsBack() {
        bazaar.product("ACME", "GUARDED", "1.00", 3);
        var failure = org.assertj.core.api.Assertions.catchThrowable(() -> bazaar.jdbc.sql(
                "UPDATE stock SET reserved = 4 WHERE product_id = (SELECT id FROM products WHERE sku = 'GUARDED')").update());
        assertThat(failure).hasMessageContaining("stock_never_oversold");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> bazaar.jdbc.sql(
                "UPDATE stock SET on_hand = -1, reserved = 0 WHERE product_id = (SELECT id FROM products WHERE sku = 'GUARDED')")
                .update())).hasMessageContaining("stock_never_oversold");
    }

    @Test
    void theCliRefusesAnOversellWithExit4AndTheReason() {
        bazaar.product("ACME", "CLI-1", "2.50", 2);
        var run = bazaar.cli(bazaar.adminToken(), "order", "place", "--idempotency-key", "cli-o", "--buyer", "carol",
                "--seller", "ACME", "--line", "CLI-1:3");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).isEqualTo("error: not enough stock of CLI-1: 2 available, 3 ordered\n");
    }
}
