package com.bazaar.domain.order.application;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.User;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.domain.support.Guard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes one order request from the queue ({@code bazaar.order-requests.v1}) and answers it: the order is placed by
 * {@link PlaceOrder} - the same rules, audit and idempotency as {@code order place} - as the request's {@code
 * requested_by} user, who must be active and may place orders itself (docs/rbac.md, "Orders through the queue"). The
 * worker taking the requests vouches with its own service user, which must hold {@code order.place} too
 * ({@link #authoriseWorker}). Every refusal - a business rule, a requester who may not, an invalid value, a key reused
 * with other content - is an answer, never an exception: the queue moves on.
 */
public final class TakeOrderRequest {

    /** A request as it arrived, values not yet checked: checking them is part of answering. */
    public record Request(String idempotencyKey, String seller, String buyer, List<Line> lines, String requestedBy,
                          CorrelationId correlationId) {
        public record Line(String sku, long quantity) {
        }

        public Request {
            Objects.requireNonNull(idempotencyKey, "idempotency_key");
            Objects.requireNonNull(seller, "seller");
            Objects.requireNonNull(buyer, "buyer");
            lines = List.copyOf(lines);
            Objects.requireNonNull(requestedBy, "requested_by");
            Objects.requireNonNull(correlationId, "correlationId");
        }
    }

    /** The answer sent back on {@code bazaar.order-results.v1}. */
    public sealed interface Answer permits Placed, Refused {
    }

    /** The order placed now, or placed before with this idempotency key ({@code replayed}). */
    public record Placed(OrderView order, boolean replayed) implements Answer {
    }

    /**
     * Refused, nothing placed. {@code kind} says which sort of refusal (as the command line's exit codes do): {@code
     * rule}, {@code permission}, {@code validation}, {@code conflict}, {@code not_found} or {@code limited} (a rate
     * limit: {@code retryAfterSeconds} says when the same request may succeed).
     */
    public record Refused(String code, String kind, String message, java.util.Optional<Long> retryAfterSeconds)
            implements Answer {
        public Refused(String code, String kind, String message) {
            this(code, kind, message, java.util.Optional.empty());
        }
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Users users;
    private final PlaceOrder placeOrder;

    public TakeOrderRequest(Transactions transactions, Guard guard, Users users, PlaceOrder placeOrder) {
        this.transactions = transactions;
        this.guard = guard;
        this.users = users;
        this.placeOrder = placeOrder;
    }

    /** The worker's own service user must hold {@code order.place}; refused (and audited) otherwise. */
    public void authoriseWorker(Actor worker) {
        guard.require(worker, Action.ORDER_PLACE, "order-requests");
    }

    public Answer take(Actor worker, Request request) {
        try {
            Optional<User> requester = transactions.inTransaction(() -> users.byName(UserName.of(request.requestedBy())))
                    .filter(User::isActive);
            if (requester.isEmpty()) {
                RuleViolation unknown = guard.refuse(worker, Action.ORDER_PLACE, "order-request:"
                        + request.idempotencyKey(), new RuleViolation("REQUESTER_UNKNOWN", "requested_by '"
                        + request.requestedBy() + "' is not an active user"));
                return refused(unknown);
            }
            Actor actor = Actor.of(requester.get(), request.correlationId())
                    .withReason("order request from the queue, taken by " + worker.name());
            try {
                var command = new PlaceOrder.Command(actor, new IdempotencyKey(request.idempotencyKey()),
                        SellerCode.of(request.seller()), Buyer.of(request.buyer()),
                        request.lines().stream().map(l -> new LineRequest(Sku.of(l.sku()), l.quantity())).toList());
                PlaceOrder.Outcome outcome = placeOrder.attempt(command);
                if (outcome instanceof PlaceOrder.Refused refused) {
                    return refused(refused.reason());
                }
                return outcome instanceof PlaceOrder.Placed placed ? new Placed(placed.order(), false)
                        : new Placed(((PlaceOrder.Replayed) outcome).order(), true);
            } finally {
                // each request is a command of its own, whatever correlation id its client reuses
                guard.commands().finished(actor);
            }
        } catch (DomainException refused) {
            return refused(refused);
        }
    }

    private static Refused refused(DomainException e) {
        if (e instanceof com.bazaar.domain.shared.RateLimited limited) {
            return new Refused(e.code(), "limited", e.getMessage(), java.util.Optional.of(limited.retryAfterSeconds()));
        }
        String kind = e instanceof RuleViolation ? "rule" : e instanceof PermissionDenied ? "permission"
                : e instanceof ValidationException ? "validation" : e instanceof Conflict ? "conflict" : "not_found";
        return new Refused(e.code(), kind, e.getMessage());
    }
}
