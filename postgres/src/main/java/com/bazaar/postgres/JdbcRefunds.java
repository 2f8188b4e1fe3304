package com.bazaar.postgres;

import java.util.Map;
import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Optional;

/** {@link Refunds} in table {@code refunds}. */
public final class JdbcRefunds implements Refunds {

    private static final String COLUMNS = "id, payment_id, amount_minor, currency, status, reason";

    private static final RowMapper<Refund> ROW = (rs, n) -> new Refund(rs.getLong("id"),
            new PaymentId(rs.getLong("payment_id")), Money.of(rs.getLong("amount_minor"),
            new CurrencyCode(rs.getString("currency"))), Refund.Status.valueOf(rs.getString("status")),
            rs.getString("reason"));

    private final JdbcClient jdbc;

    public JdbcRefunds(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Refund add(PaymentId payment, Money amount, String reason, IdempotencyKey key) {
        try {
            return jdbc.sql("INSERT INTO refunds (payment_id, amount_minor, currency, status, reason, idempotency_key,"
                            + " created_at, updated_at) VALUES (:payment, :amount, :currency, 'PENDING', :reason, :key,"
                            + " now(), now()) RETURNING " + COLUMNS)
                    .param("payment", payment.value()).param("amount", amount.minor())
                    .param("currency", amount.currency().value()).param("reason", reason).param("key", key.value())
                    .query(ROW).single();
        } catch (DuplicateKeyException e) {
            throw new Conflict("REFUND_DUPLICATE", "a refund with idempotency key " + key + " already exists");
        }
    }

    @Override
    public Optional<Refund> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE id = :id").param("id", id).query(ROW).optional();
    }

    @Override
    public void settle(long id, Refund.Status status) {
        jdbc.sql("UPDATE refunds SET status = :status, updated_at = now() WHERE id = :id")
                .param("status", status.name()).param("id", id).update();
    }

    @Override
    public List<Refund> ofPayment(PaymentId payment) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE payment_id = :p ORDER BY id")
                .param("p", payment.value()).query(ROW).list();
    }

    @Override
    public Page<Refund> page(Optional<PaymentId> payment, PageRequest page) {
        var after = page.after("refund", 1);
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        payment.ifPresent(p -> params.put("payment", p.value()));
        after.ifPresent(c -> params.put("after", c.number(0)));
        String where = payment.isPresent() ? " WHERE payment_id = :payment" : " WHERE true";
        return Page.of(jdbc.sql("SELECT " + COLUMNS + " FROM refunds" + where + (after.isPresent() ? " AND id < :after" : "")
                        + " ORDER BY id DESC LIMIT :limit").params(params).param("limit", page.probe()).query(ROW).list(),
                page, r -> Cursor.of("refund", r.id()));
    }

    @Override
    public List<Long> inDoubt(int limit) {
        return jdbc.sql("SELECT id FROM refunds WHERE status IN ('PENDING', 'UNKNOWN') ORDER BY id LIMIT :limit")
                .param("limit", limit).query(Long.class).list();
    }
}
