package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.seller.SellerId;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: the bulk side of an inventory sync (absolute on-hand counts or deltas from a seller's warehouse), staged and
 * rejected once per (sync, row) like a catalog import, and applied set-based.
 */
public interface InventorySyncs {

    void stage(long syncId, List<StockLine> lines, List<List<String>> originals);

    void reject(long syncId, List<CatalogImports.Rejection> rejections);

    /**
     * Rejects rows that break a stock rule needing the current catalog: an unknown SKU, a SKU repeated in the file, a
     * result below what is reserved (the domain's {@code Stock} rule), below zero, or above {@code maxOnHand} (the
     * domain's {@link Stock#MAX_UNITS}, handed in so the rule stays the domain's). The arithmetic never overflows
     * whatever the staged values. With {@code lock} the stock rows concerned are locked first, in product-id order.
     * Returns how many rows it rejected.
     */
    long rejectByStockRules(long syncId, SellerId seller, long maxOnHand, boolean lock);

    /** Counts: update = stock rows that change, unchanged, rejected; a sample of changes. */
    CatalogImports.Plan plan(long syncId, SellerId seller, int sampleSize);

    CatalogImports.Plan apply(long syncId, SellerId seller, Instant at);

    void forEachRejection(long syncId, Consumer<CatalogImports.Rejection> visitor);
}
