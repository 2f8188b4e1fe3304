package com.bazaar.domain.payment.application;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.event.Event;
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
import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.ProviderResult;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a payment operation (authorize, capture, void) against the provider and applies its answer: the payment row
 * locked, a capture marking the order paid, committing its reservations and posting the ledger, all with the audit
 * record and events in one transaction. The provider is called between two transactions, with an idempotency key
 * per payment and operation, so a retry or the janitor never charges twice.
 */
final class PaymentOperations {

    private final Transactions transactions;
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

    PaymentOperations(PaymentPorts ports) {
        this.transactions = ports.transactions();
        this.payments = ports.payments();
        this.orders = ports.orders();
        this.sellers = ports.sellers();
        this.reservations = ports.reservations();
        this.stock = ports.stock();
        this.ledger = ports.ledger();
        this.provider = ports.provider();
        this.recorder = new Recorder(ports.audit(), ports.outbox());
        this.access = new PaymentAccess(ports);
        this.clock = ports.clock();
        this.commissionBasisPoints = ports.commissionBasisPoints();
    }

    static String key(PaymentId id, PaymentOperation operation) {
        return "payment-" + id + "-" + operation.name().toLowerCase();
    }

    PaymentAccess access() {
        return access;
    }

    PaymentOutcome run(Actor actor, PaymentId id, PaymentOperation operation) {
        var resolved = access.authorise(actor, Action.PAYMENT_CAPTURE, id);
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
            return new PaymentOutcome(payments.byId(id).orElseThrow(), false);
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
    private PaymentOutcome apply(Actor actor, Seller seller, PaymentId id, PaymentOperation operation, ProviderResult answer) {
        Payment current = payments.byIdForUpdate(id).orElseThrow();
        boolean expected = current.status() == operation.from()
                || current.status().inDoubt() && current.inFlight().orElseThrow() == operation;
        if (!expected) {
            return new PaymentOutcome(current, false);
        }
        var answered = current.apply(operation, answer);
        Payment after = answered.aggregate();
        payments.update(after);
        var now = clock.instant();
        var events = new ArrayList<Event>(answered.events());
        if (after.status() == PaymentStatus.CAPTURED) {
            Order order = orders.byIdForUpdate(after.order()).orElseThrow();
            var paid = order.markPaid();
            orders.update(paid.aggregate());
            commitReservations(order);
            ledger.post(LedgerTransaction.capture("capture:" + id, seller.code().value(), after.captured(),
                    commissionBasisPoints));
            events.addAll(paid.events());
        }
        recorder.record(now, actor, "payment." + operation.name().toLowerCase(), "payment:" + id, current.snapshot(),
                after.snapshot(), events);
        if (answer instanceof ProviderResult.Declined declined) {
            return new PaymentOutcome(after, operation == PaymentOperation.AUTHORIZE,
                    Optional.of("the provider declined: " + declined.reason()));
        }
        if (answer instanceof ProviderResult.Unknown unknown) {
            return new PaymentOutcome(after, true, Optional.of("the provider's answer is unknown (" + unknown.reason()
                    + "); run 'bazaar payment resolve' to settle it"));
        }
        if (answer instanceof ProviderResult.Pending) {
            return new PaymentOutcome(after, true, Optional.of("the provider has not decided yet; run 'bazaar payment"
                    + " resolve' later"));
        }
        return new PaymentOutcome(after, true);
    }

    /**
     * The order's reserved units leave the stock. A reservation on a lane of a split product (ADR 0014) leaves its lane
     * too, before the row (whose reserved units count the lane's allotment); rows are locked first, then lanes.
     */
    private void commitReservations(Order order) {
        var held = reservations.heldBy(order.id());
        Map<ProductId, Long> quantities = new HashMap<>();
        held.forEach(r -> quantities.merge(r.product(), r.quantity(), Long::sum));
        if (!quantities.isEmpty()) {
            List<Stock> rows = stock.lockInOrder(quantities.keySet());
            com.bazaar.domain.order.Reservations.Held.onLanesInLockOrder(held)
                    .forEach(r -> stock.saveLane(stock.lockLane(r.product(), r.lane()).commit(r.quantity())));
            for (Stock s : rows) {
                Stock after = s.commit(quantities.get(s.product()));
                stock.save(after);
                if (after.split()) {
                    stock.spread(after);
                }
            }
        }
        var now = clock.instant();
        held.forEach(r -> reservations.settle(r.id(), Reservations.State.COMMITTED, now));
    }

    /**
     * For every payment whose last answer was not final, asks the provider what became of the operation in flight
     * and applies the answer. Returns how many payments were settled. The caller checked the actor's access.
     */
    int settleInDoubt(Actor actor) {
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
