package com.bazaar.postgres;

import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.ReservationExpiries;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Optional;

/** {@link ReservationExpiries} in table {@code reservation_expiries}: one row per order, taken with SKIP LOCKED. */
public final class JdbcReservationExpiries implements ReservationExpiries {

    private final JdbcClient jdbc;

    public JdbcReservationExpiries(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void schedule(OrderId order, Instant at) {
        jdbc.sql("INSERT INTO reservation_expiries (order_id, expires_at) VALUES (:order, :at)"
                        + " ON CONFLICT (order_id) DO UPDATE SET expires_at = EXCLUDED.expires_at")
                .param("order", order.value()).param("at", Rows.param(at)).update();
    }

    @Override
    public Optional<Due> nextDue(Instant now) {
        return jdbc.sql("SELECT order_id, expires_at FROM reservation_expiries WHERE expires_at <= :now"
                        + " ORDER BY expires_at, order_id LIMIT 1 FOR UPDATE SKIP LOCKED")
                .param("now", Rows.param(now))
                .query((rs, n) -> new Due(new OrderId(rs.getLong("order_id")), Rows.instant(rs, "expires_at")))
                .optional();
    }

    @Override
    public void done(OrderId order) {
        jdbc.sql("DELETE FROM reservation_expiries WHERE order_id = :order").param("order", order.value()).update();
    }
}
