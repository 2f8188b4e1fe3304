package com.bazaar.domain.catalog;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: all products. (seller, SKU) is unique (a database constraint); {@link #add} refuses a duplicate. */
public interface Products {

    /** Stores a new product in the given status, with an empty stock row. */
    Product add(Product.Draft draft, ProductStatus status, Instant at);

    Optional<Product> bySku(SellerId seller, Sku sku);

    Optional<Product> bySkuForUpdate(SellerId seller, Sku sku);

    /** The seller's products with these SKUs (missing SKUs are simply absent). */
    List<Product> bySkus(SellerId seller, Collection<Sku> skus);

    /** The seller's products whose SKU starts with {@code prefix} (exactly: '_' and '%' are plain characters), by SKU. */
    List<Product> withSkuPrefix(SellerId seller, String prefix, int limit);

    void update(Product product);

    /** The seller of a product (its events name the product only). */
    Optional<SellerId> sellerOf(ProductId product);

    /** A page of the seller's products in SKU order (the SKU is the cursor); the total counts the same filter. */
    Page<Product> ofSeller(SellerId seller, Optional<ProductStatus> status, PageRequest page);
}
