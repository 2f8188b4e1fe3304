package com.bazaar.domain.inventory.application;

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
import com.bazaar.domain.shared.Numbers;
import com.bazaar.domain.shared.Text;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.CatalogAccess;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.ProductView;
import com.bazaar.domain.support.Recorder;

import java.time.Clock;
import java.util.List;

/**
 * Splits a product's stock into lanes for a flash sale, or merges it back (ADR 0014): N buyers of the product then
 * reserve on N different rows instead of queueing for one. The units available are gathered from the old lanes and
 * spread evenly over the new ones; run again with the same number, it rebalances them. Nothing a buyer or an
 * operator sees changes but the throughput: on hand, reserved and available stay what they were. Setting the same
 * number twice gives the same stock (idempotent by value); each run is audited.
 */
public final class SplitStock {

    /** The request: 1 (merge back) to {@link Stock#MAX_LANES} lanes, with a reason. */
    public record Command(Actor actor, SellerCode seller, Sku sku, int lanes, String reason) {
        public Command {
            reason = Text.required(reason, "reason", "REASON_REQUIRED", 500);
            SplitStock.lanes(Integer.toString(lanes));
        }
    }

    /** A number of lanes as typed ({@code --lanes}): ASCII digits, 1 to {@link Stock#MAX_LANES}. */
    public static int lanes(String text) {
        return Numbers.wholeInt(text, "lanes", "LANES_INVALID", 1, Stock.MAX_LANES);
    }

    private final CatalogAccess access;
    private final Recorder recorder;
    private final Clock clock;

    public SplitStock(Transactions transactions, Guard guard, Sellers sellers, Products products, StockLevels stock,
                      AuditTrail audit, Outbox outbox, Clock clock) {
        this.access = new CatalogAccess(transactions, guard, sellers, products, stock);
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
    }

    public ProductView split(Command command) {
        var seller = access.authorise(command.actor(), Action.INVENTORY_SPLIT, command.seller());
        Actor actor = command.actor().withReason(command.reason());
        String target = CatalogAccess.target(seller, command.sku());
        return access.change(actor, Action.INVENTORY_SPLIT, seller, target, () -> {
            var product = access.product(seller, command.sku(), false);
            // the row, then its lanes (their available units gathered back onto the row), as every transaction
            Stock before = access.stock().lockInOrder(List.of(product.id())).get(0);
            Stock after = before.withLanes(command.lanes());
            access.stock().spread(after);
            var now = clock.instant();
            var beforeSnapshot = before.snapshot();
            beforeSnapshot.put("lanes", before.lanes());
            var afterSnapshot = after.snapshot();
            afterSnapshot.put("lanes", after.lanes());
            recorder.record(now, actor, "inventory.split", target, beforeSnapshot, afterSnapshot, List.of());
            return access.view(seller, product);
        });
    }
}
