package com.bazaar.domain.catalog.application;

import com.bazaar.domain.support.CatalogAccess;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.ProductView;

import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Transactions;

import java.util.List;
import java.util.Optional;

/** Reads products with their stock: one by SKU, or a seller's catalog. */
public final class ShowProduct {

    private final CatalogAccess access;

    public ShowProduct(Transactions transactions, Guard guard, Sellers sellers, Products products, StockLevels stock) {
        this.access = new CatalogAccess(transactions, guard, sellers, products, stock);
    }

    public ProductView show(Actor actor, SellerCode sellerCode, Sku sku) {
        var seller = access.authorise(actor, Action.PRODUCT_VIEW, sellerCode);
        return access.transactions().inTransaction(() -> access.view(seller, access.product(seller, sku, false)));
    }

    public List<ProductView> list(Actor actor, SellerCode sellerCode, Optional<ProductStatus> status, int limit) {
        return list(actor, sellerCode, status, PageRequest.first(limit)).items();
    }

    /** A page of the seller's catalog in SKU order; the cursor is the last SKU shown. */
    public Page<ProductView> list(Actor actor, SellerCode sellerCode, Optional<ProductStatus> status,
                                  PageRequest page) {
        var seller = access.authorise(actor, Action.PRODUCT_VIEW, sellerCode);
        return access.transactions().inTransaction(() -> access.views(seller,
                access.products().ofSeller(seller.id(), status, page)));
    }

    /**
     * The seller's products whose SKU starts with {@code prefix}, by SKU, at most {@code limit}: what the shell offers
     * when completing {@code --sku}. A prefix no SKU can start with finds none.
     */
    public List<ProductView> withSkuPrefix(Actor actor, SellerCode sellerCode, String prefix, int limit) {
        var seller = access.authorise(actor, Action.PRODUCT_VIEW, sellerCode);
        if (!prefix.matches("[A-Za-z0-9._-]{0,64}")) {
            return List.of();
        }
        return access.transactions().inTransaction(() -> access.products().withSkuPrefix(seller.id(), prefix, limit)
                .stream().map(p -> access.view(seller, p)).toList());
    }

    /** Stock only, under the inventory permission. */
    public ProductView stock(Actor actor, SellerCode sellerCode, Sku sku) {
        var seller = access.authorise(actor, Action.INVENTORY_VIEW, sellerCode);
        return access.transactions().inTransaction(() -> access.view(seller, access.product(seller, sku, false)));
    }
}
