package com.bazaar.domain.identity.application;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.ApiToken;
import com.bazaar.domain.identity.Installation;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.domain.identity.TokenHash;
import com.bazaar.domain.identity.User;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** Creates the first admin of a new installation, exactly once (the installation row's primary key). */
public final class InitializeBazaar {

    public record Command(UserName adminName, CorrelationId correlationId) {
    }

    public record Initialised(User admin, ApiToken token) {
    }

    private final Transactions transactions;
    private final Installation installation;
    private final Users users;
    private final AuditTrail audit;
    private final Secrets secrets;
    private final Clock clock;

    public InitializeBazaar(Transactions transactions, Installation installation, Users users, AuditTrail audit,
                            Secrets secrets, Clock clock) {
        this.transactions = transactions;
        this.installation = installation;
        this.users = users;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    public boolean isInitialised() {
        return transactions.inTransaction(installation::isInitialised);
    }

    public Initialised initialise(Command command) {
        return transactions.inTransaction(() -> {
            var now = clock.instant();
            if (!installation.markInitialised(now)) {
                throw new Conflict("ALREADY_INITIALISED",
                        "Bazaar is already initialised: use an admin token and 'bazaar user create' to add users");
            }
            ApiToken token = ApiToken.issue(secrets);
            User admin = users.add(new User.Draft(command.adminName(), Set.of(Role.ADMIN), Optional.empty(),
                    TokenHash.of(token), token.hint()), now);
            Actor system = Actor.system("init", command.correlationId()).withReason("first admin of a new installation");
            audit.append(AuditEntry.change(now, system, "user.create", "user:" + admin.name(), null,
                    admin.snapshot(Optional.empty())));
            return new Initialised(admin, token);
        });
    }
}
