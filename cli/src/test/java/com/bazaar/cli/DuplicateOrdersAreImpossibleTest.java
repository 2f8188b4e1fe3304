package com.bazaar.cli;

import com.bazaar.domain.shared.Conflict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Duplicate orders cannot happen: one idempotency key, one order - even when the repeats arrive at once. */
class DuplicateOrdersAreImpossibleTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 100);
    }

    @Test
    void concurrentPlacementsWithOneKeyCreateOneOrder() throws Exception {
        var outcomes = Concurrently.run(8, i -> () -> bazaar.order("checkout-7", "ACME", "MUG:2"));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).extracting(o -> o.value().order().order().id()).containsOnly(
                outcomes.get(0).value().order().order().id());
        assertThat(outcomes).filteredOn(o -> !o.value().replayed()).hasSize(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(2);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM outbox WHERE event_type = 'OrderPlaced'").query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithOtherContentIsRefusedAndTheCliExits6() {
        var first = bazaar.order("checkout-8", "ACME", "MUG:2");
        assertThat(catchThrowable(() -> bazaar.order("checkout-8", "ACME", "MUG:3"))).isInstanceOf(Conflict.class);
        var replay = bazaar.cli(bazaar.adminToken(), "order", "place", "--idempotency-key", "checkout-8", "--buyer",
                "buyer-checkout-8", "--seller", "ACME", "--line", "MUG:2", "--output", "json");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("\"order\" : " + first.order().order().id().value()).contains("\"replayed\" : true");
        var other = bazaar.cli(bazaar.adminToken(), "order", "place", "--idempotency-key", "checkout-8", "--buyer",
                "someone-else", "--seller", "ACME", "--line", "MUG:2");
        assertThat(other.exitCode()).isEqualTo(ExitCode.CONFLICT);
    }

    @Test
    void theDatabaseRefusesASecondOrderWithTheSameKey() {
        bazaar.order("checkout-9", "ACME", "MUG:1");
        var failure = catchThrowable(() -> bazaar.jdbc.sql("INSERT INTO orders (seller_id, buyer, status, total_minor,"
                + " currency, idempotency_key, placed_at, updated_at) SELECT seller_id, 'x', 'PLACED', 0, currency,"
                + " 'checkout-9', now(), now() FROM orders LIMIT 1").update());
        assertThat(failure).hasMessageContaining("orders_idempotency_key_unique");
    }
}
