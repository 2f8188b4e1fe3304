package com.bazaar.cli;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.limits.LimitScope;
import com.bazaar.domain.limits.Rate;
import com.bazaar.domain.limits.RateLimits;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.application.TakeOrderRequest;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.RateLimited;
import com.bazaar.postgres.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rate limits on order placement (docs/rate_limits.md) cannot be outrun: 16 threads placing orders for one buyer at
 * the same moment get exactly the bucket's tokens and no more; every other attempt is refused with the wait, changes
 * nothing, and only the first refusal of the window is audited. A replay of a placed key is not limited; another
 * buyer has a bucket of its own; the seller's limit holds across buyers; the queue answers REFUSED RATE_LIMITED with
 * {@code retry_after}.
 */
class RateLimitsCannotBeOutrunTest {

    private static final int THREADS = 16;

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 1_000);
    }

    /** The services of a process configured with these limits, over the test's database. */
    private Services limited(Map<LimitScope, Rate> rates) {
        var settings = Services.Settings.DEFAULTS.withRateLimits(new RateLimits(new EnumMap<>(rates)));
        return new Services(new Database(bazaar.db.dataSource()), bazaar.clock, new SecureRandomSecrets(), settings,
                TestBazaar.anchoring(home));
    }

    private static PlaceOrder.Command order(Actor actor, String key, String buyer) {
        return new PlaceOrder.Command(actor, new IdempotencyKey(key), SellerCode.of("ACME"), Buyer.of(buyer),
                List.of(LineRequest.parse("MUG:1")));
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void sixteenRequestsOfOneBuyerAtOnceGetExactlyTheBucketsFive() throws Exception {
        Services services = limited(Map.of(LimitScope.ORDER_PER_BUYER, Rate.parse("5/h")));
        var outcomes = Concurrently.run(THREADS, i -> () -> services.placeOrder()
                .place(order(bazaar.admin(), "flood-" + i, "flooder")));

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(5);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(THREADS - 5).allSatisfy(o -> {
            assertThat(o.failure()).isInstanceOf(RateLimited.class);
            var refused = (RateLimited) o.failure();
            assertThat(refused.code()).isEqualTo("RATE_LIMITED");
            assertThat(refused.scope()).isEqualTo("order.per-buyer");
            // 5 an hour: the next token comes within 12 minutes
            assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(12));
            assertThat(refused.getMessage()).startsWith("busy or limited: too many requests for order.per-buyer of"
                    + " flooder; retry after ").endsWith(" s");
        });
        assertThat(count("SELECT count(*) FROM orders WHERE buyer = 'flooder'")).isEqualTo(5);
        assertThat(bazaar.stock("reserved", "MUG")).isEqualTo(5);
        assertThat(count("SELECT refused FROM rate_limit_refusals WHERE scope = 'order.per-buyer'"
                + " AND subject = 'flooder'")).isEqualTo(THREADS - 5);
        assertThat(count("SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'"
                + " AND target = 'rate-limit:order.per-buyer:flooder'")).as("audited once per window, not 11 times")
                .isEqualTo(1);

        // a placed key again is a replay, not a new request: no token needed
        var again = services.placeOrder().place(order(bazaar.admin(), keyOfFirstPlaced(), "flooder"));
        assertThat(again.replayed()).isTrue();
        // another buyer has a bucket of its own
        assertThat(services.placeOrder().place(order(bazaar.admin(), "calm-1", "calm")).replayed()).isFalse();
        // and a process without limits is not limited (the limits are configuration, not data)
        assertThat(bazaar.services.placeOrder().place(order(bazaar.admin(), "unlimited-1", "flooder")).replayed())
                .isFalse();
    }

    private String keyOfFirstPlaced() {
        return bazaar.jdbc.sql("SELECT idempotency_key FROM orders WHERE buyer = 'flooder' ORDER BY id LIMIT 1")
                .query(String.class).single();
    }

    @Test
    void theSellersLimitHoldsAcrossBuyersAndTheQueueAnswersWithTheWait() {
        Services services = limited(Map.of(LimitScope.ORDER_PER_SELLER, Rate.parse("3/min")));
        for (int i = 0; i < 3; i++) {
            services.placeOrder().place(order(bazaar.admin(), "s-" + i, "buyer-" + i));
        }
        assertThatThrownBy(() -> services.placeOrder().place(order(bazaar.admin(), "s-3", "buyer-3")))
                .isInstanceOfSatisfying(RateLimited.class, e -> {
                    assertThat(e.scope()).isEqualTo("order.per-seller");
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 20L);
                });

        var answer = services.takeOrderRequest().take(bazaar.admin(), new TakeOrderRequest.Request("q-1", "ACME",
                "buyer-q", List.of(new TakeOrderRequest.Request.Line("MUG", 1)), "admin",
                new CorrelationId("queue-test")));
        assertThat(answer).isInstanceOfSatisfying(TakeOrderRequest.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo("RATE_LIMITED");
            assertThat(refused.kind()).isEqualTo("limited");
            assertThat(refused.retryAfterSeconds()).hasValueSatisfying(s -> assertThat(s).isBetween(1L, 20L));
        });
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(3);
    }

    @Test
    void ratesAreWrittenAsPeopleWriteThem() {
        assertThat(Rate.parse("10/min")).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(Rate.parse(" 5 / s ")).isEqualTo(new Rate(5, Duration.ofSeconds(1)));
        assertThat(Rate.parse("100/hour").toString()).isEqualTo("100/h");
        assertThat(Rate.parse("1000/day").period()).isEqualTo(Duration.ofDays(1));
        for (String bad : new String[]{"", "10", "10/fortnight", "0/min", "-1/min", "ten/min", "10/min/s",
                "99999999999/s"}) {
            assertThatThrownBy(() -> Rate.parse(bad)).as(bad)
                    .isInstanceOf(com.bazaar.domain.shared.ValidationException.class)
                    .hasMessageContaining("rate");
        }
    }
}
