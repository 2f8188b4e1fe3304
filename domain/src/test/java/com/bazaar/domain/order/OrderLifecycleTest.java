package com.bazaar.domain.order;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderLifecycleTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");

    static Order order(OrderStatus status) {
        OrderLine line = new OrderLine(1, new ProductId(1), Sku.of("MUG"), 2, Money.of(1299, USD), Money.zero(USD),
                Money.of(2598, USD));
        return new Order(new OrderId(1001), new SellerId(1), Buyer.of("alice"), List.of(line), Money.of(2598, USD),
                status, Instant.EPOCH, 0);
    }

    @Test
    void everyPairOfStatesIsAllowedOrRefusedAsTheTableSays() {
        Map<OrderStatus, Function<Order, Transition<Order, OrderEvent>>> moves = Map.of(
                OrderStatus.PAID, Order::markPaid,
                OrderStatus.SHIPPED, Order::ship,
                OrderStatus.DELIVERED, Order::deliver,
                OrderStatus.CANCELLED, o -> o.cancel(true));
        var allowed = Map.of(
                OrderStatus.PLACED, EnumSet.of(OrderStatus.PAID, OrderStatus.CANCELLED),
                OrderStatus.PAID, EnumSet.of(OrderStatus.SHIPPED, OrderStatus.CANCELLED),
                OrderStatus.SHIPPED, EnumSet.of(OrderStatus.DELIVERED),
                OrderStatus.DELIVERED, EnumSet.noneOf(OrderStatus.class),
                OrderStatus.CANCELLED, EnumSet.noneOf(OrderStatus.class));
        for (OrderStatus from : OrderStatus.values()) {
            assertThat(from.next()).isEqualTo(allowed.get(from));
            for (var move : moves.entrySet()) {
                if (allowed.get(from).contains(move.getKey())) {
                    assertThat(move.getValue().apply(order(from)).aggregate().status()).isEqualTo(move.getKey());
                } else {
                    assertThatThrownBy(() -> move.getValue().apply(order(from))).as(from + " -> " + move.getKey())
                            .isInstanceOf(RuleViolation.class);
                }
            }
        }
    }

    @Test
    void aPaidOrderIsCancelledOnlyWithAFullRefund() {
        assertThatThrownBy(() -> order(OrderStatus.PAID).cancel(false)).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("refund it in full");
        assertThat(order(OrderStatus.PLACED).cancel(false).aggregate().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void totalsAddUp() {
        assertThatThrownBy(() -> new OrderLine(1, new ProductId(1), Sku.of("MUG"), 2, Money.of(1299, USD),
                Money.zero(USD), Money.of(2599, USD))).isInstanceOf(IllegalStateException.class);
        OrderLine line = new OrderLine(1, new ProductId(1), Sku.of("MUG"), 2, Money.of(1299, USD), Money.zero(USD),
                Money.of(2598, USD));
        assertThatThrownBy(() -> new Order(new OrderId(1), new SellerId(1), Buyer.of("a"), List.of(line),
                Money.of(1, USD), OrderStatus.PLACED, Instant.EPOCH, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void linesParseAndRefuseNonsense() {
        assertThat(LineRequest.parse(" MUG-01:3 ")).isEqualTo(new LineRequest(Sku.of("MUG-01"), 3));
        for (String bad : new String[]{"MUG", "MUG:", ":3", "MUG:x", "MUG:0", "MUG:-1", "MUG:100001"}) {
            assertThatThrownBy(() -> LineRequest.parse(bad)).as(bad).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void stockNeverOversellsAndNeverGoesBelowReserved() {
        Stock stock = new Stock(new ProductId(1), 10, 8);
        assertThat(stock.reserve(3)).isEqualTo(new Stock.Insufficient(3, 2));
        assertThat(stock.reserve(2)).isEqualTo(new Stock.Reserved(new Stock(new ProductId(1), 10, 10)));
        assertThatThrownBy(() -> stock.adjust(-3)).isInstanceOf(RuleViolation.class).hasMessageContaining("below what is reserved");
        assertThat(stock.adjust(-2).onHand()).isEqualTo(8);
        assertThat(stock.commit(8)).isEqualTo(new Stock(new ProductId(1), 2, 0));
        assertThat(stock.release(8)).isEqualTo(new Stock(new ProductId(1), 10, 0));
        assertThatThrownBy(() -> new Stock(new ProductId(1), 1, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyTransitionReturnsItsEvents() {
        var paid = order(OrderStatus.PLACED).markPaid();
        assertThat(paid.events()).containsExactly(new OrderEvent.OrderPaid(new OrderId(1001)));
        var shipped = order(OrderStatus.PAID).ship();
        assertThat(shipped.events()).containsExactly(new OrderEvent.OrderShipped(OrderSnapshot.of(shipped.aggregate())));
        var delivered = order(OrderStatus.SHIPPED).deliver();
        assertThat(delivered.events())
                .containsExactly(new OrderEvent.OrderDelivered(OrderSnapshot.of(delivered.aggregate())));
        var cancelled = order(OrderStatus.PLACED).cancel(false);
        assertThat(cancelled.events())
                .containsExactly(new OrderEvent.OrderCancelled(OrderSnapshot.of(cancelled.aggregate())));
        var expired = order(OrderStatus.PLACED).expire();
        assertThat(expired.aggregate().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(expired.events()).containsExactly(new OrderEvent.OrderCancelled(OrderSnapshot.of(expired.aggregate())),
                new OrderEvent.ReservationExpired(new OrderId(1001)));
        assertThatThrownBy(() -> order(OrderStatus.PAID).expire()).isInstanceOf(RuleViolation.class);
    }

    @Test
    void aNewOrderIsPlacedByTheModelAndStoredAsItSays() {
        Order existing = order(OrderStatus.PLACED);
        var placed = Order.place(existing.seller(), existing.buyer(), existing.lines(), existing.total(),
                new com.bazaar.domain.shared.IdempotencyKey("k1"), Instant.parse("2026-01-01T00:00:00.123456789Z"));
        assertThat(placed.status()).isEqualTo(OrderStatus.PLACED);
        Order stored = placed.identified(new OrderId(1001));
        assertThat(stored.placedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        assertThat(stored.snapshot()).isEqualTo(existing.snapshot());
        assertThatThrownBy(() -> Order.place(existing.seller(), existing.buyer(), existing.lines(), Money.of(1, USD),
                new com.bazaar.domain.shared.IdempotencyKey("k2"), Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the sum of its lines");
    }
}
