package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code order ship} and {@code order deliver} show the order as {@code order show} does, payment included: the use
 * case's view carries the payment (it printed an empty payment before), also when the order had moved already.
 */
class ShippingAnOrderShowsItsPaymentTest {

    @TempDir
    Path home;

    @Test
    void shipAndDeliverPrintThePaymentThatShowPrints() {
        TestBazaar bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG-01", "12.99", 5);
        var placed = bazaar.order("web-1042", "ACME", "MUG-01:2").order();
        String order = Long.toString(placed.order().id().value());
        String payment = Long.toString(placed.payment().orElseThrow().id().value());
        String admin = bazaar.adminToken();
        assertThat(bazaar.cli(admin, "payment", "authorize", payment).exitCode()).isZero();
        assertThat(bazaar.cli(admin, "payment", "capture", payment).exitCode()).isZero();

        var ship = bazaar.cli(admin, "order", "ship", order);
        assertThat(ship.exitCode()).as(ship.toString()).isZero();
        String shown = paymentLine(bazaar.cli(admin, "order", "show", order));
        assertThat(shown).contains(payment).contains("CAPTURED");
        assertThat(paymentLine(ship)).isEqualTo(shown);
        assertThat(paymentLine(bazaar.cli(admin, "order", "ship", order))).as("already shipped").isEqualTo(shown);
        assertThat(paymentLine(bazaar.cli(admin, "order", "deliver", order))).isEqualTo(shown);

        // the use case itself returns it
        var again = bazaar.services.deliverOrder().deliver(bazaar.admin(), placed.order().id());
        assertThat(again.changed()).isFalse();
        assertThat(again.order().payment().map(p -> p.id())).contains(placed.payment().orElseThrow().id());
    }

    private static String paymentLine(TestBazaar.Run run) {
        return run.out().lines().filter(l -> l.startsWith("payment:")).findFirst().orElse("(no payment line)\n" + run);
    }
}
