package com.bazaar.domain.order.application;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Order;
import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives an order's stock back: its held reservations (cancel, expiry) or, for a paid order, the units taken at
 * capture. Locks stock rows in product-id order - the same order every use case takes them in. In a transaction.
 */
final class HeldStock {

    private final Orders orders;
    private final Reservations reservations;
    private final StockLevels stock;
    private final Clock clock;

    HeldStock(OrderPorts ports) {
        this.orders = ports.orders();
        this.reservations = ports.reservations();
        this.stock = ports.stock();
        this.clock = ports.clock();
    }

    /**
     * Releases (or expires) every reservation the order still holds, giving the stock back: a reservation on a stock
     * row to its row, one on a lane of a split product to that lane (ADR 0014); rows first, then lanes.
     */
    void release(OrderId id, Reservations.State how) {
        var held = reservations.heldBy(id);
        if (held.isEmpty()) {
            return;
        }
        Map<ProductId, Long> quantities = new HashMap<>();
        held.stream().filter(r -> !r.onLane()).forEach(r -> quantities.merge(r.product(), r.quantity(), Long::sum));
        if (!quantities.isEmpty()) {
            for (Stock s : stock.lockInOrder(quantities.keySet())) {
                Stock after = s.release(quantities.get(s.product()));
                stock.save(after);
                spreadIfSplit(stock, after);
            }
        }
        for (Reservations.Held r : Reservations.Held.onLanesInLockOrder(held)) {
            stock.saveLane(stock.lockLane(r.product(), r.lane()).release(r.quantity()));
        }
        var now = clock.instant();
        held.forEach(r -> reservations.settle(r.id(), how, now));
    }

    /** A split product's row, locked and gathered by {@link StockLevels#lockInOrder}, spreads onto its lanes again. */
    static void spreadIfSplit(StockLevels stock, Stock saved) {
        if (saved.split()) {
            stock.spread(saved);
        }
    }

    /** A paid order cancelled before shipping: the goods it took out of stock at capture go back on hand. */
    void restock(OrderId id) {
        Order order = orders.byId(id).orElseThrow();
        Map<ProductId, Long> quantities = new HashMap<>();
        order.lines().forEach(l -> quantities.merge(l.product(), l.quantity(), Long::sum));
        for (Stock s : stock.lockInOrder(quantities.keySet())) {
            Stock after = s.adjust(quantities.get(s.product()));
            stock.save(after);
            spreadIfSplit(stock, after);
        }
    }
}
