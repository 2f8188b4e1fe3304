package com.bazaar.postgres;

import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentOperation;
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Optional;

/** {@link Payments} in table {@code payments}, whose CHECKs keep refunded <= captured <= amount. */
public final class JdbcPayments implements Payments {

    static final String COLUMNS = "id, order_id, amount_minor, currency, status, in_flight, provider_reference,"
            + " captured_minor, refunded_minor, version";

    static final RowMapper<Payment> ROW = (rs, n) -> {
        CurrencyCode currency = new CurrencyCode(rs.getString("currency"));
        return new Payment(new PaymentId(rs.getLong("id")), new OrderId(rs.getLong("order_id")),
                Money.of(rs.getLong("amount_minor"), currency), PaymentStatus.valueOf(rs.getString("status")),
                Rows.optionalString(rs, "in_flight").map(PaymentOperation::valueOf),
                Rows.optionalString(rs, "provider_reference"), Money.of(rs.getLong("captured_minor"), currency),
                Money.of(rs.getLong("refunded_minor"), currency), rs.getLong("version"));
    };

    private final JdbcClient jdbc;

    public JdbcPayments(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Payment createIntent(OrderId order, Money amount) {
        return jdbc.sql("INSERT INTO payments (order_id, amount_minor, currency, status, created_at, updated_at)"
                        + " VALUES (:order, :amount, :currency, 'REQUIRES_AUTHORIZATION', now(), now()) RETURNING " + COLUMNS)
                .param("order", order.value()).param("amount", amount.minor())
                .param("currency", amount.currency().value()).query(ROW).single();
    }

    @Override
    public Optional<Payment> byId(PaymentId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE id = :id").param("id", id.value()).query(ROW).optional();
    }

    @Override
    public Optional<Payment> byIdForUpdate(PaymentId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE id = :id FOR UPDATE").param("id", id.value())
                .query(ROW).optional();
    }

    @Override
    public Optional<Payment> ofOrder(OrderId order) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE order_id = :order").param("order", order.value())
                .query(ROW).optional();
    }

    @Override
    public void update(Payment p) {
        int changed = jdbc.sql("UPDATE payments SET status = :status, in_flight = :flight, provider_reference = :ref,"
                        + " captured_minor = :captured, refunded_minor = :refunded, updated_at = now(),"
                        + " version = version + 1 WHERE id = :id AND version = :version")
                .param("status", p.status().name()).param("flight", p.inFlight().map(Enum::name).orElse(null))
                .param("ref", p.providerReference().orElse(null)).param("captured", p.captured().minor())
                .param("refunded", p.refunded().minor()).param("id", p.id().value()).param("version", p.version())
                .update();
        if (changed != 1) {
            throw new Conflict("PAYMENT_CHANGED_CONCURRENTLY", "payment " + p.id() + " was changed meanwhile; try again");
        }
    }

    @Override
    public List<PaymentId> inDoubt(int limit) {
        return jdbc.sql("SELECT id FROM payments WHERE status IN ('PENDING', 'UNKNOWN') ORDER BY id LIMIT :limit")
                .param("limit", limit).query((rs, n) -> new PaymentId(rs.getLong("id"))).list();
    }
}
