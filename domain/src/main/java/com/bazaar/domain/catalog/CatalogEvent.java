package com.bazaar.domain.catalog;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;

import java.util.Map;

/**
 * What happens to the catalog: a product's changes (aggregate {@code product}, id the product id) and a seller's
 * catalog import (aggregate {@code seller}, id the seller code); docs/events.md is the contract.
 */
public sealed interface CatalogEvent extends Event {

    /** Reads a stored payload of one of these events back. */
    static CatalogEvent from(String type, String aggregateId, Map<String, Object> payload) {
        Payload p = Payload.of(payload);
        return switch (type) {
            case "ProductCreated" -> new ProductCreated(new ProductId(Long.parseLong(aggregateId)),
                    ProductSnapshot.from(p));
            case "ProductStatusChanged", "ProductPriceChanged" -> {
                var id = new ProductId(Long.parseLong(aggregateId));
                var state = ProductSnapshot.from(p);
                var previousStatus = ProductStatus.valueOf(p.text("previousStatus"));
                var previousPrice = Money.parse(p.text("previousPrice"), state.price().currency());
                yield type.equals("ProductStatusChanged")
                        ? new ProductStatusChanged(id, state, previousStatus, previousPrice)
                        : new ProductPriceChanged(id, state, previousStatus, previousPrice);
            }
            case "CatalogImported" -> new CatalogImported(SellerCode.of(aggregateId), p.text("file"), p.text("sha256"),
                    p.text("policy"), p.number("created"), p.number("updated"), p.number("unchanged"),
                    p.number("rejected"));
            default -> throw new IllegalArgumentException("not a catalog event: " + type);
        };
    }

    /** An event about one product, carrying its snapshot after the change. */
    sealed interface AboutProduct extends CatalogEvent {
        ProductId product();

        ProductSnapshot state();

        @Override
        default String aggregateType() {
            return "product";
        }

        @Override
        default String aggregateId() {
            return Long.toString(product().value());
        }

        @Override
        default Map<String, Object> payload() {
            return state().toMap();
        }
    }

    /** A product's change: its snapshot after, and what it was before. */
    sealed interface ProductChanged extends AboutProduct {
        ProductStatus previousStatus();

        Money previousPrice();

        @Override
        default Map<String, Object> payload() {
            Map<String, Object> json = AboutProduct.super.payload();
            json.put("previousStatus", previousStatus().name());
            json.put("previousPrice", previousPrice().decimal());
            return json;
        }
    }

    /** A new product (a DRAFT). */
    record ProductCreated(ProductId product, ProductSnapshot state) implements AboutProduct {
        public static ProductCreated of(Product product) {
            return new ProductCreated(product.id(), ProductSnapshot.of(product));
        }
    }

    /** Activated, suspended or retired. */
    record ProductStatusChanged(ProductId product, ProductSnapshot state, ProductStatus previousStatus,
                                Money previousPrice) implements ProductChanged {
    }

    record ProductPriceChanged(ProductId product, ProductSnapshot state, ProductStatus previousStatus,
                               Money previousPrice) implements ProductChanged {
    }

    /** A catalog file applied for a seller: what it did, row by row counted. */
    record CatalogImported(SellerCode seller, String file, String sha256, String policy, long created, long updated,
                           long unchanged, long rejected) implements CatalogEvent {
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
            json.put("policy", policy);
            json.put("created", created);
            json.put("updated", updated);
            json.put("unchanged", unchanged);
            json.put("rejected", rejected);
            return json;
        }
    }
}
