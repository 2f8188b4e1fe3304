package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.ProductId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: stock per product, with the 0 <= reserved <= on_hand CHECK in the database. */
public interface StockLevels {

    Optional<Stock> of(ProductId product);

    /** The stock of these products in one read, without locking (a page of a catalog list). */
    List<Stock> of(Collection<ProductId> products);

    /** Locks the stock rows of these products, always in product-id order (so concurrent orders never deadlock). */
    List<Stock> lockInOrder(Collection<ProductId> products);

    void save(Stock stock);

    /** Saves several stock rows (the adapter may do it in one statement). */
    default void saveAll(java.util.List<Stock> stocks) {
        stocks.forEach(this::save);
    }
}
