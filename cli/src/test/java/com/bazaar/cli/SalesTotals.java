package com.bazaar.cli;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * The sales read model ({@code seller_sales_daily}) and what it must say, computed from the orders themselves, in the
 * same lines (one per seller, day and currency): the proof, after a failure, that each sales event was applied once.
 */
public final class SalesTotals {

    private SalesTotals() {
    }

    /** The read model's rows with something in them (a day whose orders were all cancelled may leave zeros). */
    static List<String> readModel(TestBazaar bazaar) {
        return readModel(bazaar.jdbc);
    }

    public static List<String> readModel(JdbcClient jdbc) {
        return jdbc.sql("SELECT seller || ' ' || day || ' ' || currency || ' orders=' || orders || ' units='"
                + " || units || ' revenue=' || revenue_minor FROM seller_sales_daily WHERE orders > 0 OR units > 0"
                + " OR revenue_minor <> 0 ORDER BY seller, day, currency").query(String.class).list();
    }

    /** What the read model must say: every order counted once, a cancelled one not at all. */
    static List<String> ofTheOrders(TestBazaar bazaar) {
        return ofTheOrders(bazaar.jdbc);
    }

    public static List<String> ofTheOrders(JdbcClient jdbc) {
        return jdbc.sql("SELECT s.code || ' ' || (o.placed_at AT TIME ZONE 'UTC')::date || ' ' || o.currency"
                + " || ' orders=' || count(*) || ' units=' || sum(l.units) || ' revenue=' || sum(o.total_minor)"
                + " FROM orders o JOIN sellers s ON s.id = o.seller_id"
                + " JOIN (SELECT order_id, sum(quantity) AS units FROM order_lines GROUP BY order_id) l"
                + " ON l.order_id = o.id WHERE o.status <> 'CANCELLED'"
                + " GROUP BY s.code, (o.placed_at AT TIME ZONE 'UTC')::date, o.currency ORDER BY 1")
                .query(String.class).list();
    }
}
