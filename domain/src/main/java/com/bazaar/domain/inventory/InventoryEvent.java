package com.bazaar.domain.inventory;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Json;

import java.util.Map;

/**
 * What happens to stock: one product's adjustment (aggregate {@code product}) and a seller's stock-count file
 * (aggregate {@code seller}); docs/events.md is the contract.
 */
public sealed interface InventoryEvent extends Event {

    /** Reads a stored payload of one of these events back. */
    static InventoryEvent from(String type, String aggregateId, Map<String, Object> payload) {
        Payload p = Payload.of(payload);
        return switch (type) {
            case "StockAdjusted" -> new StockAdjusted(new ProductId(Long.parseLong(aggregateId)), p.number("onHand"),
                    p.number("reserved"), new Sku(p.text("sku")), p.number("delta"));
            case "InventorySynced" -> new InventorySynced(SellerCode.of(aggregateId), p.text("file"), p.text("sha256"),
                    p.number("changed"), p.number("unchanged"), p.number("rejected"));
            default -> throw new IllegalArgumentException("not an inventory event: " + type);
        };
    }

    /** Stock on hand changed by {@code delta}; the levels after it. */
    record StockAdjusted(ProductId product, long onHand, long reserved, Sku sku, long delta) implements InventoryEvent {

        public static StockAdjusted of(Stock after, Sku sku, long delta) {
            return new StockAdjusted(after.product(), after.onHand(), after.reserved(), sku, delta);
        }

        @Override
        public String aggregateType() {
            return "product";
        }

        @Override
        public String aggregateId() {
            return Long.toString(product.value());
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> json = Json.object();
            json.put("onHand", onHand);
            json.put("reserved", reserved);
            json.put("sku", sku.value());
            json.put("delta", delta);
            return json;
        }
    }

    /** A stock-count file applied for a seller. */
    record InventorySynced(SellerCode seller, String file, String sha256, long changed, long unchanged, long rejected)
            implements InventoryEvent {
        @Override
        public String aggregateType() {
            return "seller";
        }

        @Override
        public String aggregateId() {
            return seller.value();
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> json = Json.object();
            json.put("file", file);
            json.put("sha256", sha256);
            json.put("changed", changed);
            json.put("unchanged", unchanged);
            json.put("rejected", rejected);
            return json;
        }
    }
}
