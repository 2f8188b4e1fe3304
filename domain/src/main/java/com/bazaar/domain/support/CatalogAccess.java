package com.bazaar.domain.support;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.Transactions;

import java.util.HashMap;
import java.util.Map;

/**
 * What every catalog and inventory use case needs: the seller resolved and authorised for the action before the
 * transaction opens, the seller's standing checked for a change ({@link SellerStanding}), and the product read (or
 * locked) inside the transaction.
 */
public final class CatalogAccess {

    private final Transactions transactions;
    private final Products products;
    private final StockLevels stock;
    private final SellerLookup sellerLookup;
    private final SellerStanding standing;

    public CatalogAccess(Transactions transactions, Guard guard, Sellers sellers, Products products, StockLevels stock) {
        this.transactions = transactions;
        this.products = products;
        this.stock = stock;
        this.sellerLookup = new SellerLookup(guard, transactions, sellers);
        this.standing = new SellerStanding(transactions, guard, sellers);
    }

    public Seller authorise(Actor actor, Action action, SellerCode seller) {
        return sellerLookup.authorise(actor, action, seller);
    }

    /** Runs a change of the seller's catalog in one transaction, if the seller's standing allows the actor to. */
    public <T> T change(Actor actor, Action action, Seller seller, String target, java.util.function.Supplier<T> work) {
        return standing.change(actor, action, seller, target, work);
    }

    public static String target(Seller seller, Sku sku) {
        return "product:" + seller.code() + "/" + sku;
    }

    public Product product(Seller seller, Sku sku, boolean lock) {
        return (lock ? products.bySkuForUpdate(seller.id(), sku) : products.bySku(seller.id(), sku))
                .orElseThrow(() -> new NotFound("PRODUCT_NOT_FOUND", "seller " + seller.code() + " has no product "
                        + "with SKU " + sku));
    }

    public ProductView view(Seller seller, Product product) {
        return new ProductView(seller.code(), product, stock.of(product.id()).orElseThrow());
    }

    /** The views of a page of the seller's products, their stock read in one query. */
    public Page<ProductView> views(Seller seller, Page<Product> page) {
        Map<ProductId, Stock> levels = new HashMap<>();
        stock.of(page.items().stream().map(Product::id).toList()).forEach(s -> levels.put(s.product(), s));
        return page.map(p -> new ProductView(seller.code(), p, java.util.Objects.requireNonNull(levels.get(p.id()),
                "no stock row for product " + p.id())));
    }

    public Transactions transactions() {
        return transactions;
    }

    public Products products() {
        return products;
    }

    public StockLevels stock() {
        return stock;
    }
}
