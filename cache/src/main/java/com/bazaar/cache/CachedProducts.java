package com.bazaar.cache;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The products port of the read-only use cases ({@code product show}, {@code price quote}): a product by SKU comes
 * from the cache when it holds it, else from the database (and is then stored). A product that does not exist is not
 * cached. Locking reads, lists and writes go to the database (writes evicting, as {@link InvalidatingProducts}).
 * A use case that writes must not be given this port: it would read its own change from before the change.
 */
public final class CachedProducts extends InvalidatingProducts {

    private final ReadCache cache;

    public CachedProducts(Products database, ReadCache cache) {
        super(database, cache);
        this.cache = cache;
    }

    @Override
    public Optional<Product> bySku(SellerId seller, Sku sku) {
        return bySkus(seller, List.of(sku)).stream().findFirst();
    }

    @Override
    public List<Product> bySkus(SellerId seller, Collection<Sku> skus) {
        List<Sku> wanted = List.copyOf(new LinkedHashSet<>(skus));
        var found = cache.lookup(seller, ReadCache.Kind.PRODUCT, wanted.stream().map(Sku::value).toList());
        if (found.isEmpty()) {
            return super.bySkus(seller, skus);
        }
        Map<Sku, Product> bySku = new LinkedHashMap<>();
        List<Sku> missing = new ArrayList<>();
        for (Sku sku : wanted) {
            Optional<Product> cached = cache.read(found.get(), sku.value(), StoredForm::product);
            if (cached.isPresent()) {
                bySku.put(sku, cached.get());
            } else {
                missing.add(sku);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, String> fill = new LinkedHashMap<>();
            for (Product p : super.bySkus(seller, missing)) {
                bySku.put(p.sku(), p);
                fill.put(p.sku().value(), StoredForm.product(p));
            }
            cache.store(seller, ReadCache.Kind.PRODUCT, found.get().generation(), fill);
        }
        return wanted.stream().map(bySku::get).filter(java.util.Objects::nonNull).toList();
    }
}
