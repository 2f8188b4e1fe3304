package com.bazaar.postgres;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.Reservations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;

/** {@link Reservations} in table {@code reservations}. */
public final class JdbcReservations implements Reservations {

    private static final RowMapper<Held> ROW = (rs, n) -> new Held(rs.getLong("id"), new OrderId(rs.getLong("order_id")),
            new ProductId(rs.getLong("product_id")), rs.getLong("quantity"), Rows.instant(rs, "expires_at"),
            rs.getInt("lane")); // NULL (on the stock row) reads as 0

    private final JdbcClient jdbc;

    public JdbcReservations(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void hold(OrderId order, ProductId product, long quantity, Instant expiresAt) {
        jdbc.sql("INSERT INTO reservations (order_id, product_id, quantity, state, expires_at, created_at)"
                        + " VALUES (:order, :product, :qty, 'HELD', :expires, now())")
                .param("order", order.value()).param("product", product.value()).param("qty", quantity)
                .param("expires", Rows.param(expiresAt)).update();
    }

    @Override
    public void holdAll(OrderId order, java.util.Map<ProductId, Long> quantities, Instant expiresAt) {
        StringBuilder values = new StringBuilder();
        var params = new java.util.LinkedHashMap<String, Object>();
        int i = 0;
        for (var e : quantities.entrySet()) {
            values.append(i == 0 ? "" : ",").append("(:order, :p").append(i).append(", :q").append(i)
                    .append(", 'HELD', :expires, now())");
            params.put("p" + i, e.getKey().value());
            params.put("q" + i, e.getValue());
            i++;
        }
        jdbc.sql("INSERT INTO reservations (order_id, product_id, quantity, state, expires_at, created_at) VALUES "
                        + values)
                .param("order", order.value()).param("expires", Rows.param(expiresAt)).params(params).update();
    }

    @Override
    public void onLane(OrderId order, ProductId product, int lane) {
        jdbc.sql("UPDATE reservations SET lane = :lane WHERE order_id = :order AND product_id = :product"
                        + " AND state = 'HELD'")
                .param("lane", lane).param("order", order.value()).param("product", product.value()).update();
    }

    @Override
    public List<Held> heldBy(OrderId order) {
        return jdbc.sql("SELECT id, order_id, product_id, quantity, expires_at, lane FROM reservations"
                        + " WHERE order_id = :order AND state = 'HELD' ORDER BY product_id")
                .param("order", order.value()).query(ROW).list();
    }

    @Override
    public List<Held> expired(Instant now, int limit) {
        return jdbc.sql("SELECT id, order_id, product_id, quantity, expires_at, lane FROM reservations r"
                        + " WHERE state = 'HELD' AND expires_at <= :now AND NOT EXISTS (SELECT 1 FROM payments p"
                        + " WHERE p.order_id = r.order_id AND p.status IN ('AUTHORIZED', 'PENDING', 'UNKNOWN'))"
                        + " ORDER BY expires_at, id LIMIT :limit")
                .param("now", Rows.param(now)).param("limit", limit).query(ROW).list();
    }

    @Override
    public void settle(long reservationId, State state, Instant at) {
        jdbc.sql("UPDATE reservations SET state = :state, settled_at = :at WHERE id = :id AND state = 'HELD'")
                .param("state", state.name()).param("at", Rows.param(at)).param("id", reservationId).update();
    }
}
