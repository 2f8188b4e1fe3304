package com.bazaar.domain.catalog.application;

import com.bazaar.domain.support.CatalogAccess;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.ProductView;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;

import java.time.Clock;
import java.util.Optional;

/** Adds a product (as a DRAFT) to a seller's catalog, priced in the seller's currency, with an empty stock row. */
public final class CreateProduct {

    /** The request; the price is text, parsed with the seller's currency exponent. */
    public record Command(Actor actor, Optional<IdempotencyKey> idempotencyKey, SellerCode seller, Sku sku,
                          String title, Optional<String> description, Optional<String> category,
                          Attributes attributes, String price) {
    }

    public record Created(ProductView product, boolean replayed) {
    }

    private final CatalogAccess access;
    private final Recorder recorder;
    private final Idempotency idempotency;
    private final Clock clock;

    public CreateProduct(com.bazaar.domain.shared.Transactions transactions, Guard guard, Sellers sellers,
                         Products products, StockLevels stock, AuditTrail audit, Outbox outbox,
                         Idempotency idempotency, Clock clock) {
        this.access = new CatalogAccess(transactions, guard, sellers, products, stock);
        this.recorder = new Recorder(audit, outbox);
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public Created create(Command command) {
        Seller seller = access.authorise(command.actor(), Action.PRODUCT_MANAGE, command.seller());
        Money price = Money.parse(command.price(), seller.currency());
        var draft = new Product.Draft(seller.id(), command.sku(), command.title(), command.description(),
                command.category(), command.attributes(), price);
        String target = CatalogAccess.target(seller, command.sku());
        String fingerprint = command.actor().name() + "|" + seller.code() + "|" + draft;
        return access.change(command.actor(), Action.PRODUCT_MANAGE, seller, target, () -> idempotency.once(
                command.idempotencyKey(), "product.create",
                fingerprint,
                () -> {
                    var now = clock.instant();
                    Product product = access.products().add(draft, ProductStatus.DRAFT, now);
                    recorder.record(now, command.actor(), "product.create", target, null, product.snapshot(),
                            Recorder.event("ProductCreated", "product", product.id().value(), product.snapshot(), now,
                                    command.actor()));
                    return new Created(access.view(seller, product), false);
                },
                created -> created.product().product().sku().value(),
                sku -> new Created(access.view(seller, access.product(seller, command.sku(), false)), true)));
    }
}
