package com.bazaar.domain.seller.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Optional;

/**
 * Registers a seller. A code already taken is a {@link Conflict}; with an idempotency key, repeating the same
 * request returns the seller it created.
 */
public final class CreateSeller {

    public record Command(Actor actor, Optional<IdempotencyKey> idempotencyKey, Seller.Draft seller) {
    }

    public record Created(Seller seller, boolean replayed) {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Sellers sellers;
    private final AuditTrail audit;
    private final Idempotency idempotency;
    private final Clock clock;

    public CreateSeller(Transactions transactions, Guard guard, Sellers sellers, AuditTrail audit,
                        Idempotency idempotency, Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.sellers = sellers;
        this.audit = audit;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public Created create(Command command) {
        Seller.Draft draft = command.seller();
        String target = "seller:" + draft.code();
        guard.require(command.actor(), Action.SELLER_CREATE, target);
        String fingerprint = command.actor().name() + "|" + draft.code() + "|" + draft.name() + "|" + draft.currency();
        return transactions.inTransaction(() -> idempotency.once(command.idempotencyKey(), "seller.create", fingerprint,
                () -> {
                    var now = clock.instant();
                    Seller seller = sellers.add(draft, now);
                    audit.append(AuditEntry.change(now, command.actor(), "seller.create", target, null,
                            seller.snapshot()));
                    return new Created(seller, false);
                },
                created -> created.seller().code().value(),
                code -> new Created(sellers.byCode(draft.code()).orElseThrow(), true)));
    }
}
