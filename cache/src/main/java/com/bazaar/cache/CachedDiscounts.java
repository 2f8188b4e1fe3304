package com.bazaar.cache;

import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.Discounts;
import com.bazaar.domain.seller.SellerId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The discounts port of {@code price quote}: the seller's rules that had not ended an hour before the moment asked
 * (those that start later included) are one cache entry; the rules valid at a moment are picked from it with the
 * domain's own {@link DiscountRule#validAt}, in id order as the database gives them. The hour keeps a rule that just
 * ended for a reader whose clock is a little behind the one that filled the entry. Writes go to the database.
 */
public final class CachedDiscounts implements Discounts {

    static final String ENTRY = "all";
    private static final Duration CLOCK_MARGIN = Duration.ofHours(1);

    private final Discounts database;
    private final ReadCache cache;

    public CachedDiscounts(InvalidatingDiscounts database, ReadCache cache) {
        this.database = database;
        this.cache = cache;
    }

    @Override
    public List<DiscountRule> activeAt(SellerId seller, Instant at) {
        var found = cache.lookup(seller, ReadCache.Kind.DISCOUNTS, List.of(ENTRY));
        if (found.isEmpty()) {
            return database.activeAt(seller, at);
        }
        var cached = cache.read(found.get(), ENTRY, text -> StoredForm.discounts(seller, text));
        List<DiscountRule> current;
        if (cached.isPresent()) {
            current = cached.get();
        } else {
            Instant horizon = at.minus(CLOCK_MARGIN);
            current = database.ofSeller(seller).stream()
                    .filter(r -> r.validUntil().map(horizon::isBefore).orElse(true)).toList();
            cache.store(seller, ReadCache.Kind.DISCOUNTS, found.get().generation(),
                    Map.of(ENTRY, StoredForm.discounts(current)));
        }
        return current.stream().filter(r -> r.validAt(at)).toList();
    }

    @Override
    public List<DiscountRule> ofSeller(SellerId seller) {
        return database.ofSeller(seller);
    }

    @Override
    public DiscountRule add(DiscountRule rule) {
        return database.add(rule);
    }
}
