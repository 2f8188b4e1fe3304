package com.bazaar.cache;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.Discounts;
import com.bazaar.domain.seller.SellerId;

import java.time.Instant;
import java.util.List;

/** The discounts port of the writers: a new rule makes the seller's cached entries stale once it commits. */
public class InvalidatingDiscounts implements Discounts {

    private final Discounts database;
    private final ReadCache cache;

    public InvalidatingDiscounts(Discounts database, ReadCache cache) {
        this.database = database;
        this.cache = cache;
    }

    @Override
    public DiscountRule add(DiscountRule rule) {
        DiscountRule added = database.add(rule);
        AfterCommit.run(() -> cache.invalidate(rule.seller(), ReadCache.Source.WRITER));
        return added;
    }

    @Override
    public List<DiscountRule> activeAt(SellerId seller, Instant at) {
        return database.activeAt(seller, at);
    }

    @Override
    public List<DiscountRule> ofSeller(SellerId seller) {
        return database.ofSeller(seller);
    }

    @Override
    public Page<DiscountRule> ofSeller(SellerId seller, PageRequest page) {
        return database.ofSeller(seller, page);
    }
}
