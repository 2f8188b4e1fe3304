package com.bazaar.events.consumers;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogEvent;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductSnapshot;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Event;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Consumer {@code cache-invalidation} without a broker: a product's event evicts by the product, a catalog import by
 * its seller, other types are skipped; an eviction that fails (the cache does not answer) fails the record - the
 * worker retries it, as the consumer has no dead-letter topic.
 */
class CacheInvalidationEvictsTheSellerOfEachChangeTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    private final List<String> evicted = new ArrayList<>();
    private boolean cacheAnswers = true;
    private final CacheInvalidation consumer = new CacheInvalidation(Topics.STANDARD, new CacheInvalidation.Evictions() {
        @Override
        public boolean productChanged(ProductId product, Instant occurredAt) {
            return evict("product " + product.value() + " at " + occurredAt);
        }

        @Override
        public boolean sellerChanged(SellerCode seller, Instant occurredAt) {
            return evict("seller " + seller.value() + " at " + occurredAt);
        }

        private boolean evict(String what) {
            if (!cacheAnswers) {
                throw new IllegalStateException("the cache at redis://cache-1:6379 does not answer");
            }
            evicted.add(what);
            return true;
        }
    });

    @Test
    void evictsBySellerOrProductSkipsTheRestAndFailsWhileTheCacheIsDown() {
        var snapshot = new ProductSnapshot(Sku.of("MUG"), "Mug", Optional.empty(), Optional.empty(), Attributes.NONE,
                Money.parse("12.00", CurrencyCode.of("USD")), ProductStatus.ACTIVE);
        var priceChanged = new CatalogEvent.ProductPriceChanged(new ProductId(7), snapshot, ProductStatus.ACTIVE,
                Money.parse("10.00", CurrencyCode.of("USD")));
        var imported = new CatalogEvent.CatalogImported(SellerCode.of("ACME"), "c.csv", "abc", "skip-rows", 1, 2, 3, 0);

        assertThat(consumer.handle(record("ProductPriceChanged", priceChanged))).isEqualTo("applied");
        assertThat(consumer.handle(record("CatalogImported", imported))).isEqualTo("applied");
        assertThat(consumer.handle(record("OrderPlaced", imported))).as("a type it does not use").isEqualTo("ignored");
        assertThat(evicted).containsExactly("product 7 at " + AT, "seller ACME at " + AT);

        cacheAnswers = false;
        assertThatThrownBy(() -> consumer.handle(record("ProductPriceChanged", priceChanged)))
                .hasMessageContaining("does not answer");
        assertThat(consumer.deadLetters()).as("retried until the cache answers").isFalse();
        assertThat(consumer.topics()).containsExactly("bazaar.product.v1", "bazaar.seller.v1");
    }

    private static ConsumerRecord<String, String> record(String type, Event event) {
        var record = new ConsumerRecord<>(Topics.STANDARD.events(event.aggregateType()), 0, 0L, event.aggregateId(),
                Json.write(event.payload()));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_ID, EventHeaders.bytes("1")));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes(type)));
        record.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes("1")));
        record.headers().add(new RecordHeader(EventHeaders.OCCURRED_AT, EventHeaders.bytes(AT.toString())));
        return record;
    }
}
