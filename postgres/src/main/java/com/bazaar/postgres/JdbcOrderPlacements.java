package com.bazaar.postgres;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.order.OrderLine;
import com.bazaar.domain.order.application.OrderPlacements;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.shared.Conflict;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link OrderPlacements} in one statement: the order, its lines, its payment intent and its reservations are four
 * INSERTs chained by data-modifying CTEs, so placing an order costs one round trip here instead of four (each round
 * trip is two system calls on both sides, which on these machines cost more than the inserts). Every constraint,
 * foreign key and trigger of the four tables applies as to four statements: the foreign keys of the lines, the
 * reservations and the payment on the order are checked at the end of the statement, when the order is there.
 */
public final class JdbcOrderPlacements implements OrderPlacements {

    private final JdbcClient jdbc;

    public JdbcOrderPlacements(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Written write(Orders.NewOrder o, Map<ProductId, Long> held, Instant expiresAt) {
        if (held.isEmpty()) {
            throw new IllegalArgumentException("an order holds stock of at least one product");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seller", o.seller().value());
        params.put("buyer", o.buyer().value());
        params.put("status", o.status().name());
        params.put("total", o.total().minor());
        params.put("currency", o.total().currency().value());
        params.put("key", o.key().value());
        params.put("at", Rows.param(o.placedAt()));
        params.put("expires", Rows.param(expiresAt));
        StringBuilder lines = new StringBuilder();
        List<OrderLine> orderLines = o.lines();
        for (int i = 0; i < orderLines.size(); i++) {
            OrderLine line = orderLines.get(i);
            lines.append(i == 0 ? "" : ",").append("(CAST(:n").append(i).append(" AS int), CAST(:p").append(i)
                    .append(" AS bigint), CAST(:s").append(i).append(" AS text), CAST(:q").append(i)
                    .append(" AS bigint), CAST(:u").append(i).append(" AS bigint), CAST(:d").append(i)
                    .append(" AS bigint), CAST(:t").append(i).append(" AS bigint))");
            JdbcOrders.lineParams(params, i, line);
        }
        StringBuilder holds = new StringBuilder();
        int h = 0;
        for (var e : held.entrySet()) {
            holds.append(h == 0 ? "" : ",").append("(CAST(:hp").append(h).append(" AS bigint), CAST(:hq").append(h)
                    .append(" AS bigint))");
            params.put("hp" + h, e.getKey().value());
            params.put("hq" + h, e.getValue());
            h++;
        }
        String sql = """
                WITH o AS (
                    INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key, placed_at,
                                        updated_at)
                    VALUES (:seller, :buyer, :status, :total, :currency, :key, :at, :at)
                    RETURNING id),
                l AS (
                    INSERT INTO order_lines (order_id, line_no, product_id, sku, quantity, unit_price_minor,
                                             discount_minor, line_total_minor)
                    SELECT o.id, v.* FROM o, (VALUES {lines}) AS v),
                r AS (
                    INSERT INTO reservations (order_id, product_id, quantity, state, expires_at, created_at)
                    SELECT o.id, v.product_id, v.quantity, 'HELD', :expires, now()
                    FROM o, (VALUES {holds}) AS v (product_id, quantity))
                INSERT INTO payments (order_id, amount_minor, currency, status, created_at, updated_at)
                SELECT o.id, :total, :currency, 'REQUIRES_AUTHORIZATION', now(), now() FROM o
                RETURNING {columns}
                """.replace("{lines}", lines).replace("{holds}", holds).replace("{columns}", JdbcPayments.COLUMNS);
        Payment intent;
        try {
            intent = jdbc.sql(sql).params(params).query(JdbcPayments.ROW).single();
        } catch (DuplicateKeyException e) {
            // the one unique key the model does not rule out beforehand (a line's product is unique per order, and
            // the new order's id is the lines', reservations' and payment's); named, not guessed from the message
            if (e.getMostSpecificCause() instanceof org.postgresql.util.PSQLException refused
                    && refused.getServerErrorMessage() != null
                    && "orders_idempotency_key_unique".equals(refused.getServerErrorMessage().getConstraint())) {
                throw new Conflict("ORDER_DUPLICATE", "an order with idempotency key " + o.key() + " already exists");
            }
            throw e;
        }
        return new Written(o.identified(intent.order()), intent);
    }

    @Override
    public void onLane(com.bazaar.domain.order.OrderId order, ProductId product, int lane) {
        jdbc.sql("UPDATE reservations SET lane = :lane WHERE order_id = :order AND product_id = :product"
                        + " AND state = 'HELD'")
                .param("lane", lane).param("order", order.value()).param("product", product.value()).update();
    }
}
