package com.bazaar.cache;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seller generation against the machine's real Redis (127.0.0.1:6379, or {@code BAZAAR_TEST_REDIS}): an entry
 * filled from a database read that raced a change (stored under the generation seen before the change's eviction) is
 * never served; a lost generation key revives no old entry; and what is stored reads back as the same domain records.
 */
class GenerationsNeverServeAStaleEntryTest {

    private static final String URL = System.getenv().getOrDefault("BAZAAR_TEST_REDIS", "redis://127.0.0.1:6379");
    private static final SellerId SELLER = new SellerId(42);

    private final String prefix = "test-" + UUID.randomUUID() + ":v1:";
    private final List<String> warnings = new ArrayList<>();
    // a generous timeout: this test is about generations, and a cold JVM on a loaded machine may take longer than the
    // default 200 ms for its first connection (then the cache rightly answers nothing, and the test would fail)
    private final ReadCache cache = new ReadCache(CacheSettings.of(URL, Duration.ofMinutes(5))
            .withInstallationPrefix(prefix.substring(0, prefix.length() - 4)).withTimeout(Duration.ofSeconds(2)),
            new SimpleMeterRegistry(), warnings::add);

    @AfterEach
    void clean() {
        cache.close();
        var client = RedisClient.create(URL);
        try (var connection = client.connect()) {
            var keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFillThatRacedAnEvictionIsNeverServed() {
        var before = cache.lookup(SELLER, ReadCache.Kind.PRODUCT, List.of("MUG")).orElseThrow();
        assertThat(before.entries()).isEmpty();
        // the writer commits and evicts between the reader's lookup and its store
        assertThat(cache.invalidate(SELLER, ReadCache.Source.WRITER)).isTrue();
        cache.store(SELLER, ReadCache.Kind.PRODUCT, before.generation(), Map.of("MUG", "old"));
        var after = cache.lookup(SELLER, ReadCache.Kind.PRODUCT, List.of("MUG")).orElseThrow();
        assertThat(after.entries()).as("stored under the generation before the eviction").isEmpty();

        cache.store(SELLER, ReadCache.Kind.PRODUCT, after.generation(), Map.of("MUG", "new"));
        assertThat(cache.lookup(SELLER, ReadCache.Kind.PRODUCT, List.of("MUG", "PEN")).orElseThrow().entries())
                .isEqualTo(Map.of("MUG", "new"));
        assertThat(cache.lookup(new SellerId(43), ReadCache.Kind.PRODUCT, List.of("MUG")).orElseThrow().entries())
                .as("another seller's").isEmpty();
    }

    @Test
    void aLostGenerationKeyRevivesNoOldEntry() {
        var seen = cache.lookup(SELLER, ReadCache.Kind.DISCOUNTS, List.of("all")).orElseThrow();
        cache.store(SELLER, ReadCache.Kind.DISCOUNTS, seen.generation(), Map.of("all", "[]"));
        var client = RedisClient.create(URL);
        try (var connection = client.connect()) {
            connection.sync().del(cache.generationKey(SELLER)); // evicted by maxmemory, or flushed
        } finally {
            client.shutdown();
        }
        assertThat(cache.lookup(SELLER, ReadCache.Kind.DISCOUNTS, List.of("all")).orElseThrow().entries()).isEmpty();
    }

    @Test
    void productsAndDiscountRulesReadBackAsTheSameRecords() {
        var usd = CurrencyCode.of("USD");
        var product = new Product(new ProductId(7), SELLER, Sku.of("MUG-01"), "Mug \"red\" \u2615", Optional.of("d"),
                Optional.of("kitchen"), new Attributes(Map.of("colour", "red")), Money.parse("12.99", usd),
                ProductStatus.ACTIVE, Instant.parse("2026-11-25T09:00:00.123456Z"), 3);
        assertThat(StoredForm.product(StoredForm.product(product))).isEqualTo(product);
        var rules = List.of(
                new DiscountRule(1, SELLER, DiscountRule.Scope.SELLER, Optional.empty(), Optional.empty(),
                        Optional.of(1250), Optional.empty(), Instant.parse("2026-11-01T00:00:00Z"), Optional.empty()),
                new DiscountRule(2, SELLER, DiscountRule.Scope.PRODUCT, Optional.of(Sku.of("MUG-01")),
                        Optional.empty(), Optional.empty(), Optional.of(Money.parse("1.50", usd)),
                        Instant.parse("2026-11-01T00:00:00Z"), Optional.of(Instant.parse("2026-12-01T00:00:00Z"))));
        assertThat(StoredForm.discounts(SELLER, StoredForm.discounts(rules))).isEqualTo(rules);
    }
}
