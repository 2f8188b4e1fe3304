package com.bazaar.domain.order.application;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Basket;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.OrderLine;
import com.bazaar.domain.order.OrderSnapshot;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;
import com.bazaar.domain.support.SellerLookup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Places an order: checks every product is ACTIVE, prices the lines, reserves the stock of all lines or none, and
 * records the order - exactly once per idempotency key. Stock rows are locked in product-id order, so orders that
 * share products queue up instead of deadlocking, and the CHECK {@code reserved <= on_hand} backs the domain's
 * refusal to oversell.
 */
public final class PlaceOrder {

    public record Command(Actor actor, IdempotencyKey idempotencyKey, SellerCode seller, Buyer buyer,
                          List<LineRequest> lines) {
        public Command {
            Objects.requireNonNull(idempotencyKey, "an order needs an idempotency key");
            lines = List.copyOf(lines);
            if (lines.isEmpty()) {
                throw new ValidationException("LINES_REQUIRED", "line", "an order needs at least one --line SKU:QTY");
            }
            Order.checkLineCount(lines.size());
            Set<Sku> seen = new HashSet<>();
            for (LineRequest line : lines) {
                if (!seen.add(line.sku())) {
                    throw new ValidationException("LINE_DUPLICATE", "line", "SKU " + line.sku()
                            + " appears on two lines; put the whole quantity on one");
                }
            }
        }
    }

    /**
     * What an attempt came to: the order placed now, the same order again (its key was used before: nothing new was
     * created), or refused by a business rule (counted in {@code bazaar_orders_refused_total}). A caller that takes
     * orders in bulk (a queue) handles all three without catching anything.
     */
    public sealed interface Outcome permits Placed, Replayed, Refused {
    }

    public record Placed(OrderView order) implements Outcome {
    }

    public record Replayed(OrderView order) implements Outcome {
    }

    /** A business rule refused the order (insufficient stock, a product not active, ...); nothing changed. */
    public record Refused(RuleViolation reason) implements Outcome {
    }

    /** The order of {@link #place}: placed now, or the same order again ({@code replayed}). */
    public record Result(OrderView order, boolean replayed) {
    }

    private final Transactions transactions;
    private final SellerLookup sellers;
    private final Guard guard;
    private final Sellers standing;
    private final Products products;
    private final StockLevels stock;
    private final Orders orders;
    private final OrderPlacements placements;
    private final Recorder recorder;
    private final Idempotency idempotency;
    private final Clock clock;
    private final Duration reservationTtl;
    private final com.bazaar.domain.payment.Payments payments;
    private final com.bazaar.domain.pricing.Discounts discounts;
    private final com.bazaar.domain.order.OrderRefusals refusals;
    private final com.bazaar.domain.limits.Limits limits;

    public PlaceOrder(Transactions transactions, Guard guard, Sellers sellers, Products products, StockLevels stock,
                      Orders orders, AuditTrail audit, Outbox outbox,
                      Idempotency idempotency, Clock clock, Duration reservationTtl,
                      com.bazaar.domain.payment.Payments payments, com.bazaar.domain.pricing.Discounts discounts,
                      com.bazaar.domain.order.OrderRefusals refusals, com.bazaar.domain.limits.Limits limits,
                      OrderPlacements placements) {
        this.placements = placements;
        this.refusals = refusals;
        this.limits = limits;
        this.payments = payments;
        this.discounts = discounts;
        this.transactions = transactions;
        this.sellers = new SellerLookup(guard, transactions, sellers);
        this.guard = guard;
        this.standing = sellers;
        this.products = products;
        this.stock = stock;
        this.orders = orders;
        this.recorder = new Recorder(audit, outbox);
        this.idempotency = idempotency;
        this.clock = clock;
        this.reservationTtl = reservationTtl;
    }

    /** Places the order, or throws the business rule that refused it (the command line's exit 4). */
    public Result place(Command command) {
        Outcome outcome = attempt(command);
        if (outcome instanceof Refused refused) {
            throw refused.reason();
        }
        return outcome instanceof Placed placed ? new Result(placed.order(), false)
                : new Result(((Replayed) outcome).order(), true);
    }

    /**
     * Places the order and says how it went. Permission and input errors are still thrown: they are the caller's
     * mistake, not the marketplace's answer.
     */
    public Outcome attempt(Command command) {
        try {
            return placeOnce(command);
        } catch (RuleViolation refused) {
            // the refused transaction rolled back (a rule throws to roll it back); the refusal is counted in a
            // transaction of its own - never inside a caller's - and a failure to count never hides the refusal
            if (!transactions.active()) {
                try {
                    transactions.run(() -> refusals.count(refused.code()));
                } catch (RuntimeException e) {
                    refused.addSuppressed(e);
                }
            }
            return new Refused(refused);
        }
    }

    private Outcome placeOnce(Command command) {
        // a request whose key placed an order already is a replay: it takes no token of any limit
        boolean replay = limits.configured().any()
                && transactions.inTransaction(() -> idempotency.used(command.idempotencyKey()));
        if (replay) {
            guard.commands().replayed(command.actor());
        }
        // the seller's id for its code, remembered after the first order: the transaction reads the seller again
        SellerId seller = sellers.authoriseId(command.actor(), Action.ORDER_PLACE, command.seller());
        if (!replay) {
            admit(command);
        }
        String fingerprint = command.actor().name() + "|" + command.seller() + "|" + command.buyer() + "|"
                + command.lines().stream().map(l -> l.sku() + ":" + l.quantity()).sorted()
                .collect(Collectors.joining(","));
        return transactions.<Outcome>inTransaction(() -> {
            Placing[] placing = new Placing[1];
            Outcome outcome = idempotency.<Outcome>once(
                    java.util.Optional.of(command.idempotencyKey()), "order.place", fingerprint,
                    () -> {
                        placing[0] = placeNow(command, seller);
                        return new Placed(placing[0].view());
                    },
                    placed -> Long.toString(((Placed) placed).order().order().id().value()),
                    id -> new Replayed(new OrderView(command.seller(), orders.byId(new OrderId(Long.parseLong(id)))
                            .orElseThrow(), payments.ofOrder(new OrderId(Long.parseLong(id))))));
            if (placing[0] != null) {
                // the stock rows last, once the key holds its outcome: a stock row's lock is held from here to the
                // commit, and on a product every buyer wants (a flash sale) that hold time is what limits the orders
                // a second; a refusal under the lock rolls back the key, the order and its events with it
                reserve(placing[0]);
                // then the audit record: a chain stripe's head, which every audited change takes, is held from here
                Order order = placing[0].view().order();
                recorder.audit(placing[0].at(), command.actor(), "order.place", "order:" + order.id(), null,
                        order.snapshot());
            }
            return outcome;
        });
    }

    /**
     * An order written in the current transaction, its stock still to reserve and its audit record to append; {@code
     * split}: its products whose stock is split into lanes (ADR 0014), as the lock-free check read them.
     */
    private record Placing(OrderView view, java.time.Instant at, Map<ProductId, Long> wanted, List<OrderLine> lines,
                           Set<ProductId> split) {
    }

    /**
     * Counts the order's reservations: on its products' stock rows, locked in product order and checked again; a
     * product split into lanes on one of its lanes, which other buyers of the product do not wait for.
     *
     * <p>Every transaction locks stock rows before lanes (see {@link StockLevels}). So when no lane of a split
     * product has enough units, or every lane is busy, what this step locked is given back and the order reserves the
     * whole stock of its products, rows in order (the split ones gathered from their lanes, then spread again).
     */
    private void reserve(Placing placing) {
        if (placing.split().isEmpty()) {
            reserveOnRows(placing, placing.wanted().keySet());
            return;
        }
        List<ProductId> split = placing.split().stream().sorted(java.util.Comparator.comparingLong(ProductId::value))
                .toList();
        List<ProductId> rows = placing.wanted().keySet().stream().filter(p -> !placing.split().contains(p)).toList();
        if (split.size() == 1 && rows.isEmpty()) {
            // a flash sale's order of one product: when its lanes cannot serve, this step holds no lock at all, so
            // it goes on to the row without undoing anything (no savepoint: two statements less)
            if (!reserveOnLanes(placing, split)) {
                reserveOnRows(placing, split);
            }
            return;
        }
        try {
            transactions.undoableStep(() -> {
                if (!rows.isEmpty()) {
                    reserveOnRows(placing, rows);
                }
                if (!reserveOnLanes(placing, split)) {
                    throw new LanesShort();
                }
                return null;
            });
        } catch (LanesShort e) {
            reserveOnRows(placing, placing.wanted().keySet());
        }
    }

    /** Reserves on the stock rows of these products, locked in product order; a split product is spread again. */
    private void reserveOnRows(Placing placing, java.util.Collection<ProductId> products) {
        List<Stock> reserved = new ArrayList<>();
        for (Stock held : stock.lockInOrder(products)) {
            refuseIfShort(held, placing.wanted().get(held.product()), placing.lines());
            reserved.add(((Stock.Reserved) held.reserve(placing.wanted().get(held.product()))).after());
        }
        stock.saveAll(reserved);
        for (Stock after : reserved) {
            if (after.split()) {
                stock.spread(after);
            }
        }
    }

    /** Reserves on one lane of each of these split products, in product order; false when one has no lane to serve. */
    private boolean reserveOnLanes(Placing placing, List<ProductId> split) {
        OrderId order = placing.view().order().id();
        for (ProductId product : split) {
            long quantity = placing.wanted().get(product);
            var lane = stock.lockLaneWithAvailable(product, quantity).flatMap(l -> l.reserve(quantity));
            if (lane.isEmpty()) {
                return false;
            }
            stock.saveLane(lane.get());
            placements.onLane(order, product, lane.get().lane());
        }
        return true;
    }

    /** No lane of a split product could serve the order: undo the step, reserve on the rows. */
    private static final class LanesShort extends RuntimeException {
        LanesShort() {
            super("no lane can serve", null, false, false);
        }
    }

    /**
     * The rate limits per buyer and per seller (throws {@link com.bazaar.domain.shared.RateLimited}); the user's
     * command was charged by the guard.
     */
    private void admit(Command command) {
        limits.admit(command.actor(), Action.ORDER_PLACE.code(), com.bazaar.domain.limits.LimitScope.ORDER_PER_BUYER,
                command.buyer().value());
        limits.admit(command.actor(), Action.ORDER_PLACE.code(), com.bazaar.domain.limits.LimitScope.ORDER_PER_SELLER,
                command.seller().value());
    }

    private Placing placeNow(Command command, SellerId authorised) {
        // share-locked for the transaction: a suspension committed before is seen, one arriving later waits for it;
        // and still the seller of the command's code, the one the actor was authorised for
        Seller seller = standing.byIdForShare(authorised).filter(s -> s.code().equals(command.seller()))
                .orElseThrow(() -> {
                    sellers.forget(command.seller());
                    return new com.bazaar.domain.shared.NotFound("SELLER_NOT_FOUND", "seller " + command.seller()
                            + " does not exist");
                });
        if (!seller.isActive()) {
            throw new RuleViolation("SELLER_SUSPENDED", "seller " + seller.code() + " is suspended and cannot sell");
        }
        List<Sku> skus = command.lines().stream().map(LineRequest::sku).toList();
        Map<Sku, Product> bySku = new HashMap<>();
        products.bySkus(seller.id(), skus).forEach(p -> bySku.put(p.sku(), p));
        var pricedAt = clock.instant();
        Basket.Priced basket = Basket.price(seller, command.lines(), bySku, discounts.activeAt(seller.id(), pricedAt),
                pricedAt);
        List<OrderLine> lines = basket.lines();
        Money total = basket.total();
        Map<ProductId, Long> wanted = new HashMap<>();
        lines.forEach(l -> wanted.put(l.product(), l.quantity()));
        // refused at once, without a lock and before anything is written, when the stock is short already (a sold-out
        // product in a flash sale; and a refused order takes no order or payment number); checked again under the lock
        Set<ProductId> split = new HashSet<>();
        for (Stock level : stock.of(wanted.keySet())) {
            refuseIfShort(level, wanted.get(level.product()), lines);
            if (level.split()) {
                split.add(level.product());
            }
        }
        // the order and its payment intent first, the stock rows after the idempotency key (see reserve)
        var now = clock.instant();
        var expiresAt = now.plus(reservationTtl);
        // the reservations are counted in the stock rows later in this transaction (reserve)
        OrderPlacements.Written written = placements.write(Order.place(seller.id(), command.buyer(), lines, total,
                command.idempotencyKey(), now), wanted, expiresAt);
        Order order = written.order();
        var payment = written.intent();
        recorder.events(now, command.actor(), List.of(
                new OrderEvent.OrderPlaced(OrderSnapshot.of(order), seller.code(), payment.id().value()),
                new OrderEvent.StockReserved(order.id(), expiresAt, lines.stream()
                        .map(l -> new OrderEvent.StockReserved.Line(l.sku(), l.quantity())).toList())));
        return new Placing(new OrderView(seller.code(), order, java.util.Optional.of(payment)), now, wanted, lines,
                split);
    }

    /** Refuses the order (INSUFFICIENT_STOCK) when {@code level} cannot give {@code quantity}. */
    private static void refuseIfShort(Stock level, long quantity, List<OrderLine> lines) {
        if (level.reserve(quantity) instanceof Stock.Insufficient insufficient) {
            Sku sku = lines.stream().filter(l -> l.product().equals(level.product())).findFirst().orElseThrow().sku();
            throw new RuleViolation("INSUFFICIENT_STOCK", "not enough stock of " + sku + ": " + insufficient.available()
                    + " available, " + insufficient.requested() + " ordered");
        }
    }
}
