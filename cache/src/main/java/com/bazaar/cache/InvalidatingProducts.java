package com.bazaar.cache;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The products port of the writers: everything goes to the database, and a product added or changed makes the
 * seller's cached entries stale once the transaction commits. {@link CachedProducts} adds the cached reads.
 */
public class InvalidatingProducts implements Products {

    private final Products database;
    private final ReadCache cache;

    public InvalidatingProducts(Products database, ReadCache cache) {
        this.database = database;
        this.cache = cache;
    }

    @Override
    public Product add(Product.Draft draft, ProductStatus status, Instant at) {
        Product added = database.add(draft, status, at);
        AfterCommit.run(() -> cache.invalidate(draft.seller(), ReadCache.Source.WRITER));
        return added;
    }

    @Override
    public void update(Product product) {
        database.update(product);
        AfterCommit.run(() -> cache.invalidate(product.seller(), ReadCache.Source.WRITER));
    }

    @Override
    public Optional<Product> bySku(SellerId seller, Sku sku) {
        return database.bySku(seller, sku);
    }

    @Override
    public Optional<Product> bySkuForUpdate(SellerId seller, Sku sku) {
        return database.bySkuForUpdate(seller, sku);
    }

    @Override
    public List<Product> bySkus(SellerId seller, Collection<Sku> skus) {
        return database.bySkus(seller, skus);
    }

    @Override
    public List<Product> withSkuPrefix(SellerId seller, String prefix, int limit) {
        return database.withSkuPrefix(seller, prefix, limit);
    }

    @Override
    public Page<Product> ofSeller(SellerId seller, Optional<ProductStatus> status, PageRequest page) {
        return database.ofSeller(seller, status, page);
    }

    @Override
    public Optional<SellerId> sellerOf(ProductId product) {
        return database.sellerOf(product);
    }
}
