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
 * ended for a reader whose clock is a little behind the one that filled the entry. Writes evict, as
 * {@link InvalidatingDiscounts}.
 */
public final class CachedDiscounts extends InvalidatingDiscounts {

    static final String ENTRY = "all";
    private static final Duration CLOCK_MARGIN = Duration.ofHours(1);

    private final ReadCache cache;

    public CachedDiscounts(Discounts database, ReadCache cache) {
        super(database, cache);
        this.cache = cache;
    }

    @Override
    public List<DiscountRule> activeAt(SellerId seller, Instant at) {
        var found = cache.lookup(seller, ReadCache.Kind.DISCOUNTS, List.of(ENTRY));
        if (found.isEmpty()) {
            return super.activeAt(seller, at);
        }
        var cached = cache.read(found.get(), ENTRY, text -> StoredForm.discounts(seller, text));
        List<DiscountRule> current;
        if (cached.isPresent()) {
            current = cached.get();
        } else {
            Instant horizon = at.minus(CLOCK_MARGIN);
            current = ofSeller(seller).stream()
                    .filter(r -> r.validUntil().map(horizon::isBefore).orElse(true)).toList();
            cache.store(seller, ReadCache.Kind.DISCOUNTS, found.get().generation(),
                    Map.of(ENTRY, StoredForm.discounts(current)));
        }
        return current.stream().filter(r -> r.validAt(at)).toList();
    }
}
