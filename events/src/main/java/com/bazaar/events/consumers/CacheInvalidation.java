package com.bazaar.events.consumers;

import com.bazaar.domain.catalog.CatalogEvent;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.pricing.PricingEvent;
import com.bazaar.domain.seller.SellerCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Consumer {@code cache-invalidation}: makes the cached products and discount rules of a seller stale when an event
 * of {@code bazaar.product.v1} ({@code ProductCreated}, {@code ProductStatusChanged}, {@code ProductPriceChanged}) or
 * {@code bazaar.seller.v1} ({@code CatalogImported}, {@code DiscountCreated}) says they changed - for changes made by
 * a process without the cache, or whose own eviction failed. Idempotent by nature (an eviction twice is one eviction),
 * so it keeps no record of what it applied. A failure (the cache does not answer) is retried until it succeeds, never
 * dead-lettered: the partition waits, and the entries expire by their TTL meanwhile.
 */
public final class CacheInvalidation implements EventConsumer {

    public static final String NAME = "cache-invalidation";

    private static final Set<String> USED = Set.of("ProductCreated", "ProductStatusChanged", "ProductPriceChanged",
            "CatalogImported", "DiscountCreated");

    /** What evicts: throws when the cache did not answer (the record is then retried). */
    public interface Evictions {
        /** The seller of this product changed; false when no such product is known (nothing to evict). */
        boolean productChanged(ProductId product, Instant occurredAt);

        boolean sellerChanged(SellerCode seller, Instant occurredAt);
    }

    private final Topics topics;
    private final Evictions evictions;

    public CacheInvalidation(Topics topics, Evictions evictions) {
        this.topics = topics;
        this.evictions = evictions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> topics() {
        return topicsOf(topics);
    }

    /** The topics this consumer reads under these topic names. */
    public static List<String> topicsOf(Topics topics) {
        return List.of(topics.events("product"), topics.events("seller"));
    }

    @Override
    public boolean deadLetters() {
        return false;
    }

    @Override
    public String handle(ConsumerRecord<String, String> record) {
        var incoming = IncomingEvent.read(record, USED);
        if (incoming.isEmpty()) {
            return "ignored";
        }
        Instant at = incoming.get().occurredAt();
        var event = incoming.get().event();
        boolean evicted;
        if (event instanceof CatalogEvent.AboutProduct product) {
            evicted = evictions.productChanged(product.product(), at);
        } else if (event instanceof CatalogEvent.CatalogImported imported) {
            evicted = evictions.sellerChanged(imported.seller(), at);
        } else if (event instanceof PricingEvent.DiscountCreated discount) {
            evicted = evictions.sellerChanged(discount.seller(), at);
        } else {
            evicted = false;
        }
        return evicted ? "applied" : "ignored";
    }
}
