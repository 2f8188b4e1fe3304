package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.ProductId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Port: stock per product, with the 0 <= reserved <= on_hand CHECK in the database; a product split for a flash sale
 * also has {@link StockLane lanes} (ADR 0014).
 *
 * <p>Locks are taken in one order, so that no two transactions wait for each other: stock rows first, in product-id
 * order, then lanes, in product and lane order. A transaction never waits for a stock row while it holds a lane
 * ({@link #lockLaneWithAvailable} never waits at all).
 */
public interface StockLevels {

    /** The product's whole stock: for a split product, the units available on its lanes are counted as available. */
    Optional<Stock> of(ProductId product);

    /** The stock of these products in one read, without locking (a page of a catalog list); whole, as {@link #of}. */
    List<Stock> of(Collection<ProductId> products);

    /**
     * Locks the stock rows of these products, always in product-id order (so concurrent orders never deadlock). A
     * product with lanes has the units available on its lanes gathered back into its row, its lanes locked (waiting
     * for the buyers holding them) until the transaction ends: the value returned is the product's whole stock.
     */
    List<Stock> lockInOrder(Collection<ProductId> products);

    void save(Stock stock);

    /** Saves several stock rows (the adapter may do it in one statement). */
    default void saveAll(java.util.List<Stock> stocks) {
        stocks.forEach(this::save);
    }

    /**
     * A lane of a split product with at least {@code quantity} units available, locked until the transaction ends; a
     * lane another transaction holds is skipped, never waited for. Empty when there is none (or the product is not
     * split).
     */
    Optional<StockLane> lockLaneWithAvailable(ProductId product, long quantity);

    /** Locks one lane of a product (waiting for it), after every stock row the transaction locks. */
    StockLane lockLane(ProductId product, int lane);

    void saveLane(StockLane lane);

    /**
     * For a product locked by {@link #lockInOrder} in this transaction: sets its number of lanes to {@code
     * stock.lanes()} (creating missing lanes; 1 stops using them) and moves the units available on its row onto its
     * lanes, as evenly as they go. A product with one lane keeps its units on its row.
     */
    void spread(Stock stock);
}
