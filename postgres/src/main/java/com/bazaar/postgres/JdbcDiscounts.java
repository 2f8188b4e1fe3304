package com.bazaar.postgres;

import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.Discounts;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link Discounts} in table {@code discounts}. */
public final class JdbcDiscounts implements Discounts {

    private static final String COLUMNS = "id, seller_id, scope, sku, category, percent_bp, amount_minor, currency,"
            + " valid_from, valid_until";

    private static final RowMapper<DiscountRule> ROW = (rs, n) -> {
        CurrencyCode currency = new CurrencyCode(rs.getString("currency"));
        int bp = rs.getInt("percent_bp");
        Optional<Integer> percent = rs.wasNull() ? Optional.empty() : Optional.of(bp);
        long amount = rs.getLong("amount_minor");
        Optional<Money> perUnit = rs.wasNull() ? Optional.empty() : Optional.of(Money.of(amount, currency));
        return new DiscountRule(rs.getLong("id"), new SellerId(rs.getLong("seller_id")),
                DiscountRule.Scope.valueOf(rs.getString("scope")), Rows.optionalString(rs, "sku").map(Sku::new),
                Rows.optionalString(rs, "category"), percent, perUnit, Rows.instant(rs, "valid_from"),
                Rows.optionalInstant(rs, "valid_until"));
    };

    private final JdbcClient jdbc;
    private final java.util.function.Function<SellerId, CurrencyCode> currencyOf;

    public JdbcDiscounts(Database database) {
        this.jdbc = database.jdbc();
        this.currencyOf = seller -> new CurrencyCode(jdbc.sql("SELECT currency FROM sellers WHERE id = :id")
                .param("id", seller.value()).query(String.class).single());
    }

    @Override
    public DiscountRule add(DiscountRule r) {
        return jdbc.sql("INSERT INTO discounts (seller_id, scope, sku, category, percent_bp, amount_minor, currency,"
                        + " valid_from, valid_until, created_at) VALUES (:seller, :scope, :sku, :category, :bp, :amount,"
                        + " :currency, :from, :until, now()) RETURNING " + COLUMNS)
                .param("seller", r.seller().value()).param("scope", r.scope().name())
                .param("sku", r.sku().map(Sku::value).orElse(null)).param("category", r.category().orElse(null))
                .param("bp", r.percentBasisPoints().orElse(null))
                .param("amount", r.amountPerUnit().map(Money::minor).orElse(null))
                .param("currency", r.amountPerUnit().map(m -> m.currency().value())
                        .orElseGet(() -> currencyOf.apply(r.seller()).value()))
                .param("from", Rows.param(r.validFrom()))
                .param("until", r.validUntil().map(Rows::param).orElse(null))
                .query(ROW).single();
    }

    @Override
    public List<DiscountRule> activeAt(SellerId seller, Instant at) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM discounts WHERE seller_id = :seller AND valid_from <= :at"
                        + " AND (valid_until IS NULL OR valid_until > :at) ORDER BY id")
                .param("seller", seller.value()).param("at", Rows.param(at)).query(ROW).list();
    }

    @Override
    public List<DiscountRule> ofSeller(SellerId seller) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM discounts WHERE seller_id = :seller ORDER BY id")
                .param("seller", seller.value()).query(ROW).list();
    }

    @Override
    public Page<DiscountRule> ofSeller(SellerId seller, PageRequest page) {
        long after = page.after("discount", 1).map(c -> c.number(0)).orElse(0L);
        return Page.of(jdbc.sql("SELECT " + COLUMNS + " FROM discounts WHERE seller_id = :seller AND id > :after"
                        + " ORDER BY id LIMIT :limit")
                .param("seller", seller.value()).param("after", after).param("limit", page.probe()).query(ROW).list(),
                page, r -> Cursor.of("discount", r.id()));
    }
}
