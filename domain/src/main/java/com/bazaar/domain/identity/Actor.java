package com.bazaar.domain.identity;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.Text;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is acting, in which roles, why, and under which correlation id. Every application service takes one;
 * it is what the audit trail records as "who" and "why".
 *
 * @param user   the authenticated user, or empty for the system itself (bootstrap, scheduled work)
 * @param reason the operator's stated reason for this command, if given
 */
public record Actor(Optional<UserId> user, String name, Set<Role> roles, Optional<SellerId> seller,
                    Optional<String> reason, CorrelationId correlationId) {

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(seller, "seller");
        reason = Objects.requireNonNull(reason, "reason")
                .map(r -> Text.required(r, "reason", "REASON_INVALID", 500));
        Objects.requireNonNull(correlationId, "correlationId");
    }

    /** The actor for work the system does on its own behalf (for example the bootstrap in {@code bazaar init}). */
    public static Actor system(String name, CorrelationId correlationId) {
        return new Actor(Optional.empty(), "system:" + name, Set.of(), Optional.empty(), Optional.empty(), correlationId);
    }

    public static Actor of(User user, CorrelationId correlationId) {
        return new Actor(Optional.of(user.id()), user.name().value(), user.roles(), user.seller(), Optional.empty(),
                correlationId);
    }

    public Actor withReason(String why) {
        return new Actor(user, name, roles, seller, Optional.ofNullable(why).filter(s -> !s.isBlank()), correlationId);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Roles as written in the audit trail and in {@code whoami}: lower case, sorted, comma-separated. */
    public String rolesLabel() {
        return roles.stream().sorted().map(Role::label).collect(Collectors.joining(","));
    }
}
