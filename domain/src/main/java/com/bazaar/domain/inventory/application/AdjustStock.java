package com.bazaar.domain.inventory.application;

import com.bazaar.domain.support.CatalogAccess;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.ProductView;
import com.bazaar.domain.support.Recorder;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.List;

/** Changes a product's on-hand stock by a delta, with a reason; never below what is reserved. */
public final class AdjustStock {

    /** The request; the delta is within +-{@link Stock#MAX_UNITS} ({@link #delta} reads one from text). */
    public record Command(Actor actor, SellerCode seller, Sku sku, long delta, String reason) {
        public Command {
            reason = Text.required(reason, "reason", "REASON_REQUIRED", 500);
            Stock.checkDelta(delta, "delta");
        }
    }

    /** A delta as typed ({@code --delta}): ASCII digits, optionally signed, within +-{@link Stock#MAX_UNITS}. */
    public static long delta(String text) {
        return Stock.delta(text, "delta");
    }

    private final CatalogAccess access;
    private final Recorder recorder;
    private final Clock clock;

    public AdjustStock(Transactions transactions, Guard guard, Sellers sellers, Products products, StockLevels stock,
                       AuditTrail audit, Outbox outbox, Clock clock) {
        this.access = new CatalogAccess(transactions, guard, sellers, products, stock);
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
    }

    public ProductView adjust(Command command) {
        var seller = access.authorise(command.actor(), Action.INVENTORY_ADJUST, command.seller());
        Actor actor = command.actor().withReason(command.reason());
        return access.change(actor, Action.INVENTORY_ADJUST, seller, CatalogAccess.target(seller, command.sku()), () -> {
            var product = access.product(seller, command.sku(), false);
            Stock before = access.stock().lockInOrder(List.of(product.id())).get(0);
            Stock after = before.adjust(command.delta());
            access.stock().save(after);
            var now = clock.instant();
            var payload = after.snapshot();
            payload.put("sku", command.sku().value());
            payload.put("delta", command.delta());
            recorder.record(now, actor, "inventory.adjust", CatalogAccess.target(seller, command.sku()),
                    before.snapshot(), after.snapshot(),
                    Recorder.event("StockAdjusted", "product", product.id().value(), payload, now, actor));
            return access.view(seller, product);
        });
    }
}
