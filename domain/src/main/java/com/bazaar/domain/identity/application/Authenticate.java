package com.bazaar.domain.identity.application;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.ApiToken;
import com.bazaar.domain.identity.TokenHash;
import com.bazaar.domain.identity.User;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.shared.Transactions;

import java.util.Optional;

/** Turns a presented API token into the acting user. Unknown and revoked tokens are refused alike. */
public final class Authenticate {

    /** The authenticated actor, with the code of the seller it is bound to (for display). */
    public record Authenticated(Actor actor, User user, Optional<SellerCode> sellerCode) {
    }

    private final Transactions transactions;
    private final Users users;
    private final Sellers sellers;

    public Authenticate(Transactions transactions, Users users, Sellers sellers) {
        this.transactions = transactions;
        this.users = users;
        this.sellers = sellers;
    }

    public Authenticated authenticate(String presentedToken, CorrelationId correlationId) {
        if (presentedToken == null || presentedToken.isBlank()) {
            throw new PermissionDenied("TOKEN_MISSING", "no API token given: set BAZAAR_TOKEN or pass --token-file");
        }
        TokenHash hash = TokenHash.of(ApiToken.parse(presentedToken));
        return transactions.inTransaction(() -> {
            User user = users.byTokenHash(hash)
                    .orElseThrow(() -> new PermissionDenied("TOKEN_UNKNOWN", "the API token is not valid"));
            if (!user.isActive()) {
                throw new PermissionDenied("TOKEN_REVOKED", "the API token of user " + user.name() + " was revoked");
            }
            Optional<SellerCode> code = user.seller().flatMap(sellers::byId).map(s -> s.code());
            return new Authenticated(Actor.of(user, correlationId), user, code);
        });
    }

    /**
     * The user a job was started by, for the partitions of it that another process runs ({@code worker --batch}):
     * the same checks as a token (a revoked user acts no more), by the name the job recorded.
     */
    public Authenticated asUser(com.bazaar.domain.identity.UserName name, CorrelationId correlationId) {
        return transactions.inTransaction(() -> {
            User user = users.byName(name)
                    .orElseThrow(() -> new PermissionDenied("USER_UNKNOWN", "no user " + name));
            if (!user.isActive()) {
                throw new PermissionDenied("TOKEN_REVOKED", "user " + user.name() + " was revoked");
            }
            Optional<SellerCode> code = user.seller().flatMap(sellers::byId).map(s -> s.code());
            return new Authenticated(Actor.of(user, correlationId), user, code);
        });
    }
}
