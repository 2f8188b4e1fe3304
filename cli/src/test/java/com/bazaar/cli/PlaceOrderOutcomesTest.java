package com.bazaar.cli;

import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller taking orders in bulk gets Placed, Replayed or Refused as values, and a refusal is still counted once. */
class PlaceOrderOutcomesTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG-01", "12.50", 3);
    }

    private PlaceOrder.Outcome attempt(String key, String line) {
        return bazaar.services.placeOrder().attempt(new PlaceOrder.Command(bazaar.admin(), new IdempotencyKey(key),
                SellerCode.of("ACME"), Buyer.of("buyer-1"), List.of(LineRequest.parse(line))));
    }

    private long refusedCount(String reason) {
        return bazaar.jdbc.sql("SELECT coalesce(sum(refused), 0) FROM order_refusals WHERE reason = :r")
                .param("r", reason).query(Long.class).single();
    }

    @Test
    void placedThenReplayedThenRefusedWithoutAnException() {
        var placed = attempt("k1", "MUG-01:2");
        assertThat(placed).isInstanceOf(PlaceOrder.Placed.class);
        long id = ((PlaceOrder.Placed) placed).order().order().id().value();

        var again = attempt("k1", "MUG-01:2");
        assertThat(again).isInstanceOf(PlaceOrder.Replayed.class);
        assertThat(((PlaceOrder.Replayed) again).order().order().id().value()).isEqualTo(id);

        var refused = attempt("k2", "MUG-01:2");
        assertThat(refused).isInstanceOf(PlaceOrder.Refused.class);
        assertThat(((PlaceOrder.Refused) refused).reason().code()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(refusedCount("INSUFFICIENT_STOCK")).isEqualTo(1);
        assertThat(bazaar.stock("reserved", "MUG-01")).as("the refused order reserved nothing").isEqualTo(2);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theCommandLineStillSeesARefusalAsExit4() {
        attempt("k1", "MUG-01:3");
        var run = bazaar.cli(bazaar.adminToken(), "order", "place", "--seller", "ACME", "--buyer", "b",
                "--line", "MUG-01:1", "--idempotency-key", "k3");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("not enough stock of MUG-01");
        assertThat(refusedCount("INSUFFICIENT_STOCK")).isEqualTo(1);
    }
}
