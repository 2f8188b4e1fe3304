package com.bazaar.domain.catalog.application;

import com.bazaar.domain.support.CatalogAccess;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.ProductView;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Map;

/**
 * Changes one product: activate, suspend, retire, or set its price. Each is an aggregate method checked by the
 * lifecycle table; asking for the state a product is already in changes nothing and writes nothing.
 */
public final class ChangeProduct {

    /** The product after the command; {@code changed} is false when it already was as asked. */
    public record Outcome(ProductView product, boolean changed) {
    }

    private final CatalogAccess access;
    private final Recorder recorder;
    private final Clock clock;

    public ChangeProduct(Transactions transactions, Guard guard, Sellers sellers, Products products, StockLevels stock,
                         AuditTrail audit, Outbox outbox, Clock clock) {
        this.access = new CatalogAccess(transactions, guard, sellers, products, stock);
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
    }

    public Outcome activate(Actor actor, SellerCode seller, Sku sku) {
        return change(actor, seller, sku, "product.activate", p -> p.status() == com.bazaar.domain.catalog.ProductStatus.ACTIVE,
                Product::activate);
    }

    public Outcome suspend(Actor actor, SellerCode seller, Sku sku) {
        return change(actor, seller, sku, "product.suspend", p -> p.status() == com.bazaar.domain.catalog.ProductStatus.SUSPENDED,
                Product::suspend);
    }

    public Outcome retire(Actor actor, SellerCode seller, Sku sku) {
        return change(actor, seller, sku, "product.retire", p -> p.status() == com.bazaar.domain.catalog.ProductStatus.RETIRED,
                Product::retire);
    }

    /** Sets the price, given as text in the seller's currency. */
    public Outcome setPrice(Actor actor, SellerCode sellerCode, Sku sku, String price) {
        var seller = access.authorise(actor, Action.PRODUCT_MANAGE, sellerCode);
        Money newPrice = Money.parse(price, seller.currency());
        return apply(actor, seller, sku, "product.price-set", p -> p.price().equals(newPrice), p -> p.withPrice(newPrice));
    }

    private Outcome change(Actor actor, SellerCode sellerCode, Sku sku, String action,
                           java.util.function.Predicate<Product> already, java.util.function.UnaryOperator<Product> how) {
        var seller = access.authorise(actor, Action.PRODUCT_MANAGE, sellerCode);
        return apply(actor, seller, sku, action, already, how);
    }

    private Outcome apply(Actor actor, com.bazaar.domain.seller.Seller seller, Sku sku, String action,
                          java.util.function.Predicate<Product> already, java.util.function.UnaryOperator<Product> how) {
        return access.change(actor, Action.PRODUCT_MANAGE, seller, CatalogAccess.target(seller, sku), () -> {
            Product before = access.product(seller, sku, true);
            if (already.test(before)) {
                return new Outcome(access.view(seller, before), false);
            }
            Product after = how.apply(before);
            access.products().update(after);
            var now = clock.instant();
            Map<String, Object> payload = after.snapshot();
            payload.put("previousStatus", before.status().name());
            payload.put("previousPrice", before.price().decimal());
            recorder.record(now, actor, action, CatalogAccess.target(seller, sku), before.snapshot(), after.snapshot(),
                    Recorder.event(action.equals("product.price-set") ? "ProductPriceChanged" : "ProductStatusChanged",
                            "product", after.id().value(), payload, now, actor));
            return new Outcome(access.view(seller, access.product(seller, sku, false)), true);
        });
    }
}
