package com.bazaar.domain.payment.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.PaymentAccess;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.payment.LedgerTransaction;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.PaymentOperation;
import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.ProviderResult;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Authorizes, captures and voids payments through the provider port. The provider is called between two
 * transactions, never inside one: the first checks the transition is allowed, the second applies the answer. An
 * answer that is not final (PENDING, UNKNOWN) is recorded with the operation in flight, and {@link #resolve} asks the
 * provider what became of it before anything is retried; the provider's idempotency key per operation
 * ({@code payment-<id>-<operation>}) makes a repeated request harmless. A capture marks the order PAID, turns its
 * reservations into shipment decrements, and posts the money to the ledger.
 */
public final class ProcessPayment {

    /**
     * The payment after the command; {@code changed} is false when it already was as asked (or the provider
     * declined); {@code note} says what the provider answered when it was not a plain approval.
     */
    public record Outcome(Payment payment, boolean changed, java.util.Optional<String> note) {
        Outcome(Payment payment, boolean changed) {
            this(payment, changed, java.util.Optional.empty());
        }
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Payments payments;
    private final Orders orders;
    private final Sellers sellers;
    private final Reservations reservations;
    private final StockLevels stock;
    private final Ledger ledger;
    private final PaymentProvider provider;
    private final Recorder recorder;
    private final PaymentAccess access;
    private final Clock clock;
    private final int commissionBasisPoints;

    public ProcessPayment(Transactions transactions, Guard guard, Payments payments, Orders orders, Sellers sellers,
                          Reservations reservations, StockLevels stock, Ledger ledger, PaymentProvider provider,
                          AuditTrail audit, Outbox outbox, Clock clock, int commissionBasisPoints) {
        this.transactions = transactions;
        this.guard = guard;
        this.payments = payments;
        this.orders = orders;
        this.sellers = sellers;
        this.reservations = reservations;
        this.stock = stock;
        this.ledger = ledger;
        this.provider = provider;
        this.recorder = new Recorder(audit, outbox);
        this.access = new PaymentAccess(transactions, guard, payments, orders, sellers);
        this.clock = clock;
        this.commissionBasisPoints = commissionBasisPoints;
    }

    static String key(PaymentId id, PaymentOperation operation) {
        return "payment-" + id + "-" + operation.name().toLowerCase();
    }

    private PaymentAccess.Resolved authorise(Actor actor, Action action, PaymentId id) {
        return access.authorise(actor, action, id);
    }

    public Payment show(Actor actor, PaymentId id) {
        return authorise(actor, Action.ORDER_VIEW, id).payment();
    }

    public Outcome authorize(Actor actor, PaymentId id) {
        return run(actor, id, PaymentOperation.AUTHORIZE);
    }

    public Outcome capture(Actor actor, PaymentId id) {
        return run(actor, id, PaymentOperation.CAPTURE);
    }

    public Outcome voidPayment(Actor actor, PaymentId id) {
        return run(actor, id, PaymentOperation.VOID);
    }

    private Outcome run(Actor actor, PaymentId id, PaymentOperation operation) {
        var resolved = authorise(actor, Action.PAYMENT_CAPTURE, id);
        Payment before = transactions.inTransaction(() -> {
            Payment p = payments.byIdForUpdate(id).orElseThrow();
            if (!p.mayStart(operation)) {
                return null;
            }
            Order order = orders.byId(p.order()).orElseThrow();
            if (operation != PaymentOperation.VOID && order.status() != OrderStatus.PLACED) {
                throw new RuleViolation("ORDER_NOT_PAYABLE", "order " + order.id() + " is " + order.status()
                        + "; its payment cannot be " + (operation == PaymentOperation.AUTHORIZE ? "authorized" : "captured"));
            }
            return p;
        });
        if (before == null) {
            return new Outcome(payments.byId(id).orElseThrow(), false);
        }
        ProviderResult answer = call(operation, before);
        return transactions.inTransaction(() -> apply(actor, resolved.seller(), id, operation, answer));
    }

    private ProviderResult call(PaymentOperation operation, Payment p) {
        String key = key(p.id(), operation);
        return switch (operation) {
            case AUTHORIZE -> provider.authorize(key, p.amount());
            case CAPTURE -> provider.capture(key, p.providerReference().orElse(""), p.amount());
            case VOID -> provider.voidAuthorization(key, p.providerReference().orElse(""));
        };
    }

    /** Applies a provider's answer in the current transaction (also used by the janitor). */
    private Outcome apply(Actor actor, Seller seller, PaymentId id, PaymentOperation operation, ProviderResult answer) {
        Payment current = payments.byIdForUpdate(id).orElseThrow();
        boolean expected = current.status() == operation.from()
                || current.status().inDoubt() && current.inFlight().orElseThrow() == operation;
        if (!expected) {
            return new Outcome(current, false);
        }
        Payment after = current.apply(operation, answer);
        payments.update(after);
        var now = clock.instant();
        var events = new java.util.ArrayList<com.bazaar.domain.event.DomainEvent>();
        if (after.status() == com.bazaar.domain.payment.PaymentStatus.CAPTURED) {
            Order order = orders.byIdForUpdate(after.order()).orElseThrow();
            orders.update(order.markPaid());
            commitReservations(order);
            ledger.post(LedgerTransaction.capture("capture:" + id, seller.code().value(), after.captured(),
                    commissionBasisPoints));
            events.add(Recorder.event("PaymentCaptured", "payment", id, after.snapshot(), now, actor));
            events.add(Recorder.event("OrderPaid", "order", order.id(), Map.of("order", order.id().value()), now, actor));
        } else {
            events.add(Recorder.event("Payment" + camel(after.status().name()), "payment", id, after.snapshot(), now,
                    actor));
        }
        recorder.record(now, actor, "payment." + operation.name().toLowerCase(), "payment:" + id, current.snapshot(),
                after.snapshot(), events.toArray(com.bazaar.domain.event.DomainEvent[]::new));
        if (answer instanceof ProviderResult.Declined declined) {
            return new Outcome(after, operation == PaymentOperation.AUTHORIZE,
                    java.util.Optional.of("the provider declined: " + declined.reason()));
        }
        if (answer instanceof ProviderResult.Unknown unknown) {
            return new Outcome(after, true, java.util.Optional.of("the provider's answer is unknown (" + unknown.reason()
                    + "); run 'bazaar payment resolve' to settle it"));
        }
        if (answer instanceof ProviderResult.Pending) {
            return new Outcome(after, true, java.util.Optional.of("the provider has not decided yet; run 'bazaar payment"
                    + " resolve' later"));
        }
        return new Outcome(after, true);
    }

    private void commitReservations(Order order) {
        var held = reservations.heldBy(order.id());
        Map<ProductId, Long> quantities = new HashMap<>();
        held.forEach(r -> quantities.merge(r.product(), r.quantity(), Long::sum));
        if (!quantities.isEmpty()) {
            for (Stock s : stock.lockInOrder(quantities.keySet())) {
                stock.save(s.commit(quantities.get(s.product())));
            }
        }
        var now = clock.instant();
        held.forEach(r -> reservations.settle(r.id(), Reservations.State.COMMITTED, now));
    }

    private static String camel(String status) {
        String lower = status.toLowerCase().replace("_", " ");
        StringBuilder b = new StringBuilder();
        for (String word : lower.split(" ")) {
            b.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return b.toString();
    }

    /**
     * The janitor: for every payment whose last answer was not final, asks the provider what became of the
     * operation in flight and applies the answer. Returns how many payments were settled.
     */
    public int resolve(Actor actor) {
        guard.require(actor, Action.PAYMENT_CAPTURE, "payments");
        int settled = 0;
        for (PaymentId id : transactions.inTransaction(() -> payments.inDoubt(1000))) {
            Payment p = payments.byId(id).orElseThrow();
            if (!p.status().inDoubt()) {
                continue;
            }
            PaymentOperation operation = p.inFlight().orElseThrow();
            ProviderResult answer = provider.lookup(key(id, operation));
            if (answer instanceof ProviderResult.Pending || answer instanceof ProviderResult.Unknown) {
                continue;
            }
            Seller seller = transactions.inTransaction(() -> access.sellerOf(p));
            if (transactions.inTransaction(() -> apply(actor, seller, id, operation, answer)).changed()) {
                settled++;
            }
        }
        return settled;
    }
}
