package com.bazaar.postgres;

import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.SoldOrder;
import com.bazaar.domain.order.SoldOrders;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * {@link SoldOrders} in tables {@code sales_orders} (one row per order seen; the sale's columns are null until its
 * OrderPlaced was seen) and {@code sales_refunds} (one row per refund paid back). The payment lock is a transaction
 * advisory lock in a key space of its own ({@code "sale"}, the payment id hashed to an int: a collision only makes
 * two payments wait for each other).
 */
public final class JdbcSoldOrders implements SoldOrders {

    private static final int LOCK_SPACE = 0x73616c65; // "sale"

    private final JdbcClient jdbc;

    public JdbcSoldOrders(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void lockPayment(long payment) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashint8(:payment))::text").param("space", LOCK_SPACE)
                .param("payment", payment).query(String.class).single();
    }

    @Override
    public Optional<SoldOrder> byOrder(OrderId order) {
        return jdbc.sql(SELECT + " WHERE order_id = :order").param("order", order.value())
                .query(JdbcSoldOrders::row).optional();
    }

    @Override
    public Optional<SoldOrder> byPayment(long payment) {
        return jdbc.sql(SELECT + " WHERE payment_id = :payment").param("payment", payment)
                .query(JdbcSoldOrders::row).optional();
    }

    private static final String SELECT = "SELECT order_id, payment_id, seller, day, currency, total_minor, units,"
            + " cancelled FROM sales_orders";

    private static SoldOrder row(ResultSet rs, int n) throws SQLException {
        long payment = rs.getLong("payment_id");
        Optional<SoldOrder.Sale> sale = rs.wasNull() ? Optional.empty() : Optional.of(new SoldOrder.Sale(payment,
                SellerCode.of(rs.getString("seller")), rs.getObject("day", LocalDate.class),
                Money.of(rs.getLong("total_minor"), CurrencyCode.of(rs.getString("currency"))), rs.getLong("units")));
        return new SoldOrder(new OrderId(rs.getLong("order_id")), sale, rs.getBoolean("cancelled"));
    }

    @Override
    public void save(SoldOrder order) {
        var sale = order.sale();
        jdbc.sql("INSERT INTO sales_orders (order_id, payment_id, seller, day, currency, total_minor, units, cancelled)"
                        + " VALUES (:order, :payment, :seller, :day, :currency, :total, :units, :cancelled)"
                        + " ON CONFLICT (order_id) DO UPDATE SET payment_id = EXCLUDED.payment_id,"
                        + " seller = EXCLUDED.seller, day = EXCLUDED.day, currency = EXCLUDED.currency,"
                        + " total_minor = EXCLUDED.total_minor, units = EXCLUDED.units, cancelled = EXCLUDED.cancelled")
                .param("order", order.order().value())
                .param("payment", sale.map(SoldOrder.Sale::payment).orElse(null), java.sql.Types.BIGINT)
                .param("seller", sale.map(s -> s.seller().value()).orElse(null), java.sql.Types.VARCHAR)
                .param("day", sale.map(SoldOrder.Sale::day).orElse(null), java.sql.Types.DATE)
                .param("currency", sale.map(s -> s.total().currency().value()).orElse(null), java.sql.Types.CHAR)
                .param("total", sale.map(s -> s.total().minor()).orElse(null), java.sql.Types.BIGINT)
                .param("units", sale.map(SoldOrder.Sale::units).orElse(null), java.sql.Types.BIGINT)
                .param("cancelled", order.cancelled())
                .update();
    }

    @Override
    public boolean recordRefund(long refund, long payment, Money amount) {
        return jdbc.sql("INSERT INTO sales_refunds (refund_id, payment_id, amount_minor, currency)"
                        + " VALUES (:refund, :payment, :amount, :currency) ON CONFLICT (refund_id) DO NOTHING")
                .param("refund", refund).param("payment", payment).param("amount", amount.minor())
                .param("currency", amount.currency().value()).update() == 1;
    }

    @Override
    public Money refundedOn(long payment, CurrencyCode currency) {
        var currencies = jdbc.sql("SELECT DISTINCT currency FROM sales_refunds WHERE payment_id = :payment")
                .param("payment", payment).query(String.class).list();
        if (currencies.stream().anyMatch(c -> !c.equals(currency.value()))) {
            throw new IllegalStateException("payment " + payment + " has refunds in " + currencies + ", its order is in "
                    + currency);
        }
        long sum = jdbc.sql("SELECT coalesce(sum(amount_minor), 0) FROM sales_refunds WHERE payment_id = :payment")
                .param("payment", payment).query(Long.class).single();
        return Money.of(sum, currency);
    }

    @Override
    public void clear() {
        jdbc.sql("DELETE FROM sales_refunds").update();
        jdbc.sql("DELETE FROM sales_orders").update();
    }
}
