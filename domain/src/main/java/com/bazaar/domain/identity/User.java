package com.bazaar.domain.identity;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.ValidationException;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A person or system that acts through an API token. Rules (also CHECK constraints in the schema): at least one
 * role; a user with the seller role is bound to exactly one seller and holds no other role; only seller users
 * are bound to a seller.
 */
public record User(UserId id, UserName name, Set<Role> roles, Optional<SellerId> seller, UserStatus status,
                   String tokenHint, Instant createdAt, Optional<Instant> revokedAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = checkedRoles(roles, seller);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tokenHint, "tokenHint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if ((status == UserStatus.REVOKED) != revokedAt.isPresent()) {
            throw new IllegalStateException("a user has a revocation time exactly when revoked");
        }
    }

    /** A user about to be created, with the hash of its freshly issued token. */
    public record Draft(UserName name, Set<Role> roles, Optional<SellerId> seller, TokenHash tokenHash,
                        String tokenHint) {
        public Draft {
            Objects.requireNonNull(name, "name");
            roles = checkedRoles(roles, seller);
            Objects.requireNonNull(tokenHash, "tokenHash");
            Objects.requireNonNull(tokenHint, "tokenHint");
        }
    }

    static Set<Role> checkedRoles(Set<Role> roles, Optional<SellerId> seller) {
        Objects.requireNonNull(seller, "seller");
        if (roles == null || roles.isEmpty()) {
            throw new ValidationException("ROLE_REQUIRED", "role", "a user needs at least one role");
        }
        Set<Role> copy = Set.copyOf(EnumSet.copyOf(roles));
        if (copy.contains(Role.SELLER)) {
            if (copy.size() > 1) {
                throw new ValidationException("SELLER_ROLE_EXCLUSIVE", "role",
                        "the seller role cannot be combined with other roles");
            }
            if (seller.isEmpty()) {
                throw new ValidationException("SELLER_REQUIRED", "seller",
                        "a user with the seller role must be bound to a seller (--seller CODE)");
            }
        } else if (seller.isPresent()) {
            throw new ValidationException("SELLER_NOT_ALLOWED", "seller",
                    "only a user with the seller role can be bound to a seller");
        }
        return copy;
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    public User revoke(Instant at) {
        if (!isActive()) {
            throw new RuleViolation("USER_ALREADY_REVOKED", "user " + name + " is already revoked");
        }
        return new User(id, name, roles, seller, UserStatus.REVOKED, tokenHint, createdAt, Optional.of(at));
    }

    /** The state recorded in the audit trail. Never contains the token or its hash. */
    public Map<String, Object> snapshot(Optional<String> sellerCode) {
        Map<String, Object> json = Json.object();
        json.put("name", name.value());
        json.put("roles", roles.stream().sorted().map(Role::label).toList());
        sellerCode.ifPresent(code -> json.put("seller", code));
        json.put("status", status.name());
        return json;
    }
}
