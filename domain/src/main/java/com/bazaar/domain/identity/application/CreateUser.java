package com.bazaar.domain.identity.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.ApiToken;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.domain.identity.TokenHash;
import com.bazaar.domain.identity.User;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Creates a user with its roles and issues its API token (returned once, stored only as a hash). */
public final class CreateUser {

    public record Command(Actor actor, Optional<IdempotencyKey> idempotencyKey, UserName name, Set<Role> roles,
                          Optional<SellerCode> seller) {
    }

    /** The created user; the token is present only on the call that created it, never on a replay. */
    public record Created(UserView user, Optional<ApiToken> token) {
        public boolean replayed() {
            return token.isEmpty();
        }
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Users users;
    private final Sellers sellers;
    private final AuditTrail audit;
    private final Idempotency idempotency;
    private final Secrets secrets;
    private final Clock clock;

    public CreateUser(Transactions transactions, Guard guard, Users users, Sellers sellers, AuditTrail audit,
                      Idempotency idempotency, Secrets secrets, Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.users = users;
        this.sellers = sellers;
        this.audit = audit;
        this.idempotency = idempotency;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Created create(Command command) {
        String target = "user:" + command.name();
        guard.require(command.actor(), Action.USER_CREATE, target);
        String fingerprint = command.actor().name() + "|" + command.name() + "|"
                + command.roles().stream().sorted().map(Role::label).collect(Collectors.joining(",")) + "|"
                + command.seller().map(SellerCode::value).orElse("");
        return transactions.inTransaction(() -> idempotency.once(command.idempotencyKey(), "user.create", fingerprint,
                () -> createNow(command, target),
                created -> created.user().user().name().value(),
                name -> new Created(view(users.byName(new UserName(name)).orElseThrow()), Optional.empty())));
    }

    private Created createNow(Command command, String target) {
        Optional<Seller> seller = command.seller().map(code -> sellers.byCode(code)
                .orElseThrow(() -> new NotFound("SELLER_NOT_FOUND", "seller " + code + " does not exist")));
        ApiToken token = ApiToken.issue(secrets);
        var now = clock.instant();
        User user = users.add(new User.Draft(command.name(), command.roles(), seller.map(Seller::id),
                TokenHash.of(token), token.hint()), now);
        audit.append(AuditEntry.change(now, command.actor(), "user.create", target, null,
                user.snapshot(command.seller().map(SellerCode::value))));
        return new Created(new UserView(user, seller.map(Seller::code)), Optional.of(token));
    }

    private UserView view(User user) {
        return new UserView(user, user.seller().flatMap(sellers::byId).map(Seller::code));
    }
}
