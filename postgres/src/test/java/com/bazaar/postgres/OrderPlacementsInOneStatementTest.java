package com.bazaar.postgres;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderLine;
import com.bazaar.domain.order.application.OrderPlacements;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JdbcOrderPlacements} writes an order, its lines, its payment intent and its reservations in one statement:
 * the same rows as the three ports one after the other ({@link OrderPlacements#separately}), and all or nothing when
 * a constraint refuses one of them (the key of an order placed before, a line of a product that does not exist).
 */
class OrderPlacementsInOneStatementTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final Instant AT = Instant.parse("2026-12-04T19:30:00.123456Z");

    private JdbcClient jdbc;
    private Database database;
    private SellerId seller;
    private ProductId mug;
    private ProductId tea;

    @BeforeEach
    void catalog() {
        TestDatabase db = TestDatabases.fresh();
        database = new Database(db.dataSource());
        jdbc = database.jdbc();
        JdbcClient admin = JdbcClient.create(db.adminDataSource());
        seller = new SellerId(admin.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('ACME', 'Acme', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single());
        mug = product(admin, "MUG");
        tea = product(admin, "TEA");
    }

    private ProductId product(JdbcClient admin, String sku) {
        return new ProductId(admin.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status,"
                        + " created_at, updated_at) VALUES (:seller, :sku, :sku, 1250, 'USD', 'ACTIVE', now(), now())"
                        + " RETURNING id").param("seller", seller.value()).param("sku", sku).query(Long.class).single());
    }

    private Orders.NewOrder order(String key, ProductId second) {
        List<OrderLine> lines = List.of(
                new OrderLine(1, mug, Sku.of("MUG"), 2, Money.of(1250, USD), Money.of(100, USD), Money.of(2400, USD)),
                new OrderLine(2, second, Sku.of("TEA"), 1, Money.of(1250, USD), Money.zero(USD), Money.of(1250, USD)));
        return Order.place(seller, Buyer.of("b@example.com"), lines, Money.of(3650, USD), new IdempotencyKey(key), AT);
    }

    private Map<ProductId, Long> held(ProductId second) {
        Map<ProductId, Long> held = new LinkedHashMap<>();
        held.put(mug, 2L);
        held.put(second, 1L);
        return held;
    }

    /** Everything stored of one order, without its generated ids. */
    private List<String> rowsOf(long orderId) {
        return jdbc.sql("""
                SELECT 'order|' || seller_id || '|' || buyer || '|' || status || '|' || total_minor || '|' || currency
                       || '|' || placed_at || '|' || updated_at || '|' || version FROM orders WHERE id = :id
                UNION ALL
                SELECT 'line|' || line_no || '|' || product_id || '|' || sku || '|' || quantity || '|' || unit_price_minor
                       || '|' || discount_minor || '|' || line_total_minor FROM order_lines WHERE order_id = :id
                UNION ALL
                SELECT 'payment|' || amount_minor || '|' || currency || '|' || status || '|' || coalesce(in_flight, '-')
                       || '|' || captured_minor || '|' || refunded_minor || '|' || version FROM payments WHERE order_id = :id
                UNION ALL
                SELECT 'reservation|' || product_id || '|' || quantity || '|' || state || '|' || expires_at
                FROM reservations WHERE order_id = :id
                ORDER BY 1""").param("id", orderId).query(String.class).list();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void oneStatementStoresWhatTheThreePortsStoreOneAfterTheOther() {
        OrderPlacements oneStatement = new JdbcOrderPlacements(database);
        OrderPlacements separately = OrderPlacements.separately(new JdbcOrders(database), new JdbcPayments(database),
                new JdbcReservations(database));
        Instant expires = AT.plusSeconds(900);

        OrderPlacements.Written one = oneStatement.write(order("k-one", tea), held(tea), expires);
        OrderPlacements.Written two = separately.write(order("k-two", tea), held(tea), expires);

        assertThat(one.order().id()).isNotEqualTo(two.order().id());
        assertThat(one.intent().order()).isEqualTo(one.order().id());
        assertThat(one.intent()).usingRecursiveComparison().ignoringFields("id", "order").isEqualTo(two.intent());
        assertThat(one.order()).usingRecursiveComparison().ignoringFields("id").isEqualTo(two.order());
        List<String> rows = rowsOf(one.order().id().value());
        assertThat(rows).hasSize(6).containsExactlyElementsOf(rowsOf(two.order().id().value()));
        assertThat(rows).anyMatch(r -> r.startsWith("payment|3650|USD|REQUIRES_AUTHORIZATION|"))
                .anyMatch(r -> r.equals("line|1|" + mug.value() + "|MUG|2|1250|100|2400"))
                .anyMatch(r -> r.startsWith("reservation|" + mug.value() + "|2|HELD|"));
    }

    @Test
    void aKeyUsedBeforeIsAConflictAndWritesNothing() {
        OrderPlacements oneStatement = new JdbcOrderPlacements(database);
        oneStatement.write(order("k-dup", tea), held(tea), AT.plusSeconds(900));
        long orders = count("orders");
        long lines = count("order_lines");
        long payments = count("payments");
        long reservations = count("reservations");

        assertThatThrownBy(() -> oneStatement.write(order("k-dup", tea), held(tea), AT.plusSeconds(900)))
                .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.code()).isEqualTo("ORDER_DUPLICATE"));

        assertThat(List.of(count("orders"), count("order_lines"), count("payments"), count("reservations")))
                .containsExactly(orders, lines, payments, reservations);
    }

    @Test
    void aLineOfAProductThatDoesNotExistRefusesTheWholeOrder() {
        ProductId nowhere = new ProductId(999_999);

        assertThatThrownBy(() -> new JdbcOrderPlacements(database).write(order("k-bad", nowhere), held(nowhere),
                AT.plusSeconds(900))).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(List.of(count("orders"), count("order_lines"), count("payments"), count("reservations")))
                .containsOnly(0L);
    }
}
