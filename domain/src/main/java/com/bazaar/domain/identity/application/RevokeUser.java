package com.bazaar.domain.identity.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.User;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;

/**
 * Revokes a user: its token stops working at once. Repeating it is harmless (reported as unchanged). The
 * last active admin cannot be revoked; the active admins' rows are locked while this is checked, so two
 * admins revoking each other at the same moment cannot leave the installation without one.
 */
public final class RevokeUser {

    public record Command(Actor actor, UserName name) {
    }

    public sealed interface Outcome permits Revoked, AlreadyRevoked {
        UserView user();
    }

    public record Revoked(UserView user) implements Outcome {
    }

    public record AlreadyRevoked(UserView user) implements Outcome {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Users users;
    private final Sellers sellers;
    private final AuditTrail audit;
    private final Clock clock;

    public RevokeUser(Transactions transactions, Guard guard, Users users, Sellers sellers, AuditTrail audit,
                      Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.users = users;
        this.sellers = sellers;
        this.audit = audit;
        this.clock = clock;
    }

    public Outcome revoke(Command command) {
        String target = "user:" + command.name();
        guard.require(command.actor(), Action.USER_REVOKE, target);
        return transactions.inTransaction(() -> {
            // Roles never change, so an unlocked read tells whether the admins must be locked. They are locked
            // first and always in id order, so concurrent revocations queue up instead of deadlocking.
            User current = users.byName(command.name())
                    .orElseThrow(() -> new NotFound("USER_NOT_FOUND", "user " + command.name() + " does not exist"));
            boolean admin = current.roles().contains(Role.ADMIN);
            var activeAdmins = admin ? users.activeWithRoleForUpdate(Role.ADMIN) : java.util.List.<User>of();
            User user = users.byNameForUpdate(command.name()).orElseThrow();
            var sellerCode = user.seller().flatMap(sellers::byId).map(Seller::code);
            if (!user.isActive()) {
                return new AlreadyRevoked(new UserView(user, sellerCode));
            }
            if (admin) {
                if (activeAdmins.size() <= 1) {
                    throw new RuleViolation("LAST_ADMIN", "user " + user.name()
                            + " is the last active admin and cannot be revoked: create another admin first");
                }
            }
            User revoked = user.revoke(clock.instant());
            users.update(revoked);
            var code = sellerCode.map(c -> c.value());
            audit.append(AuditEntry.change(revoked.revokedAt().orElseThrow(), command.actor(), "user.revoke", target,
                    user.snapshot(code), revoked.snapshot(code)));
            return new Revoked(new UserView(revoked, sellerCode));
        });
    }
}
