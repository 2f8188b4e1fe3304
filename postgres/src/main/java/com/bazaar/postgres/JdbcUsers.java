package com.bazaar.postgres;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.TokenHash;
import com.bazaar.domain.identity.User;
import com.bazaar.domain.identity.UserId;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.identity.UserStatus;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Conflict;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link Users} in table {@code users}; roles are a text array checked by the schema. */
public final class JdbcUsers implements Users {

    private static final String COLUMNS = "id, name, roles, seller_id, token_hint, status, created_at, revoked_at";

    private static final RowMapper<User> ROW = (rs, n) -> new User(new UserId(rs.getLong("id")),
            new UserName(rs.getString("name")), roles(rs), sellerId(rs), UserStatus.valueOf(rs.getString("status")),
            rs.getString("token_hint"), Rows.instant(rs, "created_at"), Rows.optionalInstant(rs, "revoked_at"));

    private final JdbcClient jdbc;

    public JdbcUsers(Database database) {
        this.jdbc = database.jdbc();
    }

    private static Set<Role> roles(ResultSet rs) throws SQLException {
        Array array = rs.getArray("roles");
        String[] labels = (String[]) array.getArray();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(labels).map(Role::parse).forEach(roles::add);
        return roles;
    }

    private static Optional<SellerId> sellerId(ResultSet rs) throws SQLException {
        long id = rs.getLong("seller_id");
        return rs.wasNull() ? Optional.empty() : Optional.of(new SellerId(id));
    }

    @Override
    public User add(User.Draft draft, Instant at) {
        String roles = "{" + String.join(",", draft.roles().stream().sorted().map(Role::label).toList()) + "}";
        try {
            return jdbc.sql("INSERT INTO users (name, roles, seller_id, token_hash, token_hint, status, created_at) "
                            + "VALUES (:name, CAST(:roles AS text[]), :seller, :hash, :hint, 'ACTIVE', :at) RETURNING "
                            + COLUMNS)
                    .param("name", draft.name().value())
                    .param("roles", roles)
                    .param("seller", draft.seller().map(SellerId::value).orElse(null))
                    .param("hash", draft.tokenHash().value())
                    .param("hint", draft.tokenHint())
                    .param("at", Rows.param(at))
                    .query(ROW).single();
        } catch (DuplicateKeyException e) {
            if (e.getMessage() != null && e.getMessage().contains("users_token_hash_unique")) {
                throw new IllegalStateException("a freshly issued token collided with an existing one", e);
            }
            throw new Conflict("USER_NAME_TAKEN", "user " + draft.name() + " already exists");
        }
    }

    @Override
    public Optional<User> byName(UserName name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE name = :name")
                .param("name", name.value()).query(ROW).optional();
    }

    @Override
    public Optional<User> byNameForUpdate(UserName name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE name = :name FOR UPDATE")
                .param("name", name.value()).query(ROW).optional();
    }

    @Override
    public Optional<User> byTokenHash(TokenHash hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE token_hash = :hash")
                .param("hash", hash.value()).query(ROW).optional();
    }

    @Override
    public List<User> activeWithRoleForUpdate(Role role) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE status = 'ACTIVE' AND :role = ANY (roles) "
                        + "ORDER BY id FOR UPDATE")
                .param("role", role.label()).query(ROW).list();
    }

    @Override
    public void update(User user) {
        jdbc.sql("UPDATE users SET status = :status, revoked_at = :revoked WHERE id = :id")
                .param("status", user.status().name())
                .param("revoked", user.revokedAt().map(Rows::param).orElse(null))
                .param("id", user.id().value())
                .update();
    }

    @Override
    public List<User> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY name").query(ROW).list();
    }

    @Override
    public Page<User> all(PageRequest page) {
        return Keyset.byText(jdbc, "SELECT " + COLUMNS + " FROM users", "name", "user", page, ROW, u -> u.name().value());
    }
}
