package com.bazaar.postgres;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderLine;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Orders} in tables {@code orders} and {@code order_lines}. */
public final class JdbcOrders implements Orders {

    private static final String COLUMNS = "id, seller_id, buyer, status, total_minor, currency, placed_at, version";

    private final JdbcClient jdbc;

    public JdbcOrders(Database database) {
        this.jdbc = database.jdbc();
    }

    /** An order row before its lines are attached. */
    private record Head(long id, long seller, String buyer, String status, long total, String currency,
                        Instant placedAt, long version) {
    }

    private static Head head(ResultSet rs, int n) throws SQLException {
        return new Head(rs.getLong("id"), rs.getLong("seller_id"), rs.getString("buyer"), rs.getString("status"),
                rs.getLong("total_minor"), rs.getString("currency"), Rows.instant(rs, "placed_at"), rs.getLong("version"));
    }

    @Override
    public Order add(NewOrder o) {
        long id;
        try {
            id = jdbc.sql("INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key,"
                            + " placed_at, updated_at) VALUES (:seller, :buyer, :status, :total, :currency, :key, :at, :at)"
                            + " RETURNING id")
                    .param("seller", o.seller().value()).param("buyer", o.buyer().value())
                    .param("total", o.total().minor()).param("currency", o.total().currency().value())
                    .param("status", o.status().name()).param("key", o.key().value())
                    .param("at", Rows.param(o.placedAt()))
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new Conflict("ORDER_DUPLICATE", "an order with idempotency key " + o.key() + " already exists");
        }
        StringBuilder values = new StringBuilder();
        var params = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < o.lines().size(); i++) {
            OrderLine line = o.lines().get(i);
            values.append(i == 0 ? "" : ",").append("(:order, :n").append(i).append(", :p").append(i).append(", :s")
                    .append(i).append(", :q").append(i).append(", :u").append(i).append(", :d").append(i).append(", :t")
                    .append(i).append(")");
            lineParams(params, i, line);
        }
        jdbc.sql("INSERT INTO order_lines (order_id, line_no, product_id, sku, quantity, unit_price_minor,"
                        + " discount_minor, line_total_minor) VALUES " + values)
                .param("order", id).params(params).update();
        return o.identified(new OrderId(id));
    }

    /** The parameters of line {@code i} of a multi-row insert of {@code order_lines}: :n, :p, :s, :q, :u, :d, :t + i. */
    static void lineParams(java.util.Map<String, Object> params, int i, OrderLine line) {
        params.put("n" + i, line.lineNo());
        params.put("p" + i, line.product().value());
        params.put("s" + i, line.sku().value());
        params.put("q" + i, line.quantity());
        params.put("u" + i, line.unitPrice().minor());
        params.put("d" + i, line.discount().minor());
        params.put("t" + i, line.total().minor());
    }

    @Override
    public Optional<Order> byId(OrderId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = :id").param("id", id.value())
                .query(JdbcOrders::head).optional().map(this::withLines);
    }

    @Override
    public Optional<Order> byIdForUpdate(OrderId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = :id FOR UPDATE").param("id", id.value())
                .query(JdbcOrders::head).optional().map(this::withLines);
    }

    @Override
    public void update(Order order) {
        int changed = jdbc.sql("UPDATE orders SET status = :status, updated_at = now(), version = version + 1"
                        + " WHERE id = :id AND version = :version")
                .param("status", order.status().name()).param("id", order.id().value())
                .param("version", order.version()).update();
        if (changed != 1) {
            throw new Conflict("ORDER_CHANGED_CONCURRENTLY", "order " + order.id() + " was changed meanwhile; try again");
        }
    }

    @Override
    public Page<Order> ofSeller(SellerId seller, Orders.Filter filter, PageRequest page) {
        var after = page.after("order", 1);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seller", seller.value());
        StringBuilder where = new StringBuilder(" FROM orders WHERE seller_id = :seller");
        filter.status().ifPresent(s -> {
            where.append(" AND status = :status");
            params.put("status", s.name());
        });
        filter.buyer().ifPresent(b -> {
            where.append(" AND buyer = :buyer");
            params.put("buyer", b.value());
        });
        filter.since().ifPresent(t -> {
            where.append(" AND placed_at >= :since");
            params.put("since", java.sql.Timestamp.from(t));
        });
        List<Head> probed = jdbc.sql("SELECT " + COLUMNS + where + (after.isPresent() ? " AND id < :after" : "")
                        + " ORDER BY id DESC LIMIT :limit")
                .params(params).params(after.map(c -> Map.<String, Object>of("after", c.number(0))).orElse(Map.of()))
                .param("limit", page.probe())
                .query(JdbcOrders::head).list();
        var heads = Page.of(probed, page, h -> Cursor.of("order", h.id()));
        long total = heads.next().isEmpty() && after.isEmpty() ? probed.size()
                : jdbc.sql("SELECT count(*)" + where).params(params).query(Long.class).single();
        return new Page<>(orders(heads.items()), heads.next(), java.util.OptionalLong.of(total));
    }

    private List<Order> orders(List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<Long, List<OrderLine>> lines = new LinkedHashMap<>();
        jdbc.sql("SELECT l.*, o.currency FROM order_lines l JOIN orders o ON o.id = l.order_id"
                        + " WHERE l.order_id IN (:ids) ORDER BY l.order_id, l.line_no")
                .param("ids", heads.stream().map(Head::id).toList())
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>()).add(line(rs));
                });
        return heads.stream().map(h -> order(h, lines.get(h.id()))).toList();
    }

    private Order withLines(Head h) {
        List<OrderLine> lines = jdbc.sql("SELECT l.*, o.currency FROM order_lines l JOIN orders o ON o.id = l.order_id"
                        + " WHERE l.order_id = :id ORDER BY l.line_no")
                .param("id", h.id()).query((rs, n) -> line(rs)).list();
        return order(h, lines);
    }

    private static OrderLine line(ResultSet rs) throws SQLException {
        CurrencyCode currency = new CurrencyCode(rs.getString("currency"));
        return new OrderLine(rs.getInt("line_no"), new ProductId(rs.getLong("product_id")), new Sku(rs.getString("sku")),
                rs.getLong("quantity"), Money.of(rs.getLong("unit_price_minor"), currency),
                Money.of(rs.getLong("discount_minor"), currency), Money.of(rs.getLong("line_total_minor"), currency));
    }

    private static Order order(Head h, List<OrderLine> lines) {
        CurrencyCode currency = new CurrencyCode(h.currency());
        return new Order(new OrderId(h.id()), new SellerId(h.seller()), new Buyer(h.buyer()), lines,
                Money.of(h.total(), currency), OrderStatus.valueOf(h.status()), h.placedAt(), h.version());
    }
}
