package com.bazaar.domain.pricing;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.seller.SellerId;

import java.time.Instant;
import java.util.List;

/** Port: discount rules. */
public interface Discounts {

    /** A new rule; the id is assigned on insert. */
    DiscountRule add(DiscountRule rule);

    /** The seller's rules valid at {@code at}. */
    List<DiscountRule> activeAt(SellerId seller, Instant at);

    List<DiscountRule> ofSeller(SellerId seller);

    /** A page of the seller's rules, oldest (lowest id) first; the id is the cursor. */
    Page<DiscountRule> ofSeller(SellerId seller, PageRequest page);
}
