package com.bazaar.postgres;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.seller.SellerStatus;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Conflict;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link Sellers} in table {@code sellers}. */
public final class JdbcSellers implements Sellers {

    private static final String COLUMNS = "id, code, name, currency, status, suspension_reason, created_at, version";

    private static final RowMapper<Seller> ROW = (rs, n) -> new Seller(new SellerId(rs.getLong("id")),
            new SellerCode(rs.getString("code")), rs.getString("name"), new CurrencyCode(rs.getString("currency")),
            SellerStatus.valueOf(rs.getString("status")), Rows.optionalString(rs, "suspension_reason"),
            Rows.instant(rs, "created_at"), rs.getLong("version"));

    private final JdbcClient jdbc;

    public JdbcSellers(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Seller add(Seller.Draft draft, Instant at) {
        try {
            return jdbc.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at) "
                            + "VALUES (:code, :name, :currency, 'ACTIVE', :at, :at) RETURNING " + COLUMNS)
                    .param("code", draft.code().value())
                    .param("name", draft.name())
                    .param("currency", draft.currency().value())
                    .param("at", Rows.param(at))
                    .query(ROW).single();
        } catch (DuplicateKeyException e) {
            throw new Conflict("SELLER_CODE_TAKEN", "seller " + draft.code() + " already exists");
        }
    }

    @Override
    public Optional<Seller> byCode(SellerCode code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sellers WHERE code = :code")
                .param("code", code.value()).query(ROW).optional();
    }

    @Override
    public Optional<Seller> byId(SellerId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sellers WHERE id = :id")
                .param("id", id.value()).query(ROW).optional();
    }

    @Override
    public Optional<Seller> byCodeForUpdate(SellerCode code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sellers WHERE code = :code FOR UPDATE")
                .param("code", code.value()).query(ROW).optional();
    }

    @Override
    public Optional<Seller> byIdForShare(SellerId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sellers WHERE id = :id FOR SHARE")
                .param("id", id.value()).query(ROW).optional();
    }

    @Override
    public void update(Seller seller) {
        int changed = jdbc.sql("UPDATE sellers SET name = :name, status = :status, suspension_reason = :reason, "
                        + "updated_at = now(), version = version + 1 WHERE id = :id AND version = :version")
                .param("name", seller.name())
                .param("status", seller.status().name())
                .param("reason", seller.suspensionReason().orElse(null))
                .param("id", seller.id().value())
                .param("version", seller.version())
                .update();
        if (changed != 1) {
            throw new Conflict("SELLER_CHANGED_CONCURRENTLY",
                    "seller " + seller.code() + " was changed by someone else meanwhile; try again");
        }
    }

    @Override
    public List<Seller> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sellers ORDER BY code").query(ROW).list();
    }

    @Override
    public Page<Seller> all(PageRequest page) {
        return Keyset.byText(jdbc, "SELECT " + COLUMNS + " FROM sellers", "code", "seller", page, ROW, s -> s.code().value());
    }
}
