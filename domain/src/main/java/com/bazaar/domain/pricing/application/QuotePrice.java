package com.bazaar.domain.pricing.application;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.SellerLookup;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.Discounts;
import com.bazaar.domain.pricing.Pricing;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prices lines exactly as an order would now, with the breakdown; and lists a seller's discount rules. */
public final class QuotePrice {

    public record Quote(SellerCode seller, List<Pricing.PricedLine> lines, Money total) {
    }

    private final Transactions transactions;
    private final SellerLookup sellers;
    private final Products products;
    private final Discounts discounts;
    private final Clock clock;

    public QuotePrice(Transactions transactions, Guard guard, Sellers sellers, Products products, Discounts discounts,
                      Clock clock) {
        this.transactions = transactions;
        this.sellers = new SellerLookup(guard, transactions, sellers);
        this.products = products;
        this.discounts = discounts;
        this.clock = clock;
    }

    public Quote quote(Actor actor, SellerCode sellerCode, List<LineRequest> lines) {
        var seller = sellers.authorise(actor, Action.PRODUCT_VIEW, sellerCode);
        com.bazaar.domain.order.Order.checkLineCount(lines.size());
        return transactions.inTransaction(() -> {
            var now = clock.instant();
            Map<Sku, Product> bySku = new HashMap<>();
            products.bySkus(seller.id(), lines.stream().map(LineRequest::sku).toList())
                    .forEach(p -> bySku.put(p.sku(), p));
            List<DiscountRule> rules = discounts.activeAt(seller.id(), now);
            List<Pricing.PricedLine> priced = new java.util.ArrayList<>();
            for (LineRequest line : lines) {
                Product product = bySku.get(line.sku());
                if (product == null) {
                    throw new NotFound("PRODUCT_NOT_FOUND", "seller " + seller.code() + " has no product with SKU "
                            + line.sku());
                }
                var pricedLine = Pricing.price(product, line.quantity(), rules, now);
                priced.add(pricedLine);
            }
            Money total = Pricing.orderTotal(seller.currency(), priced.stream().map(Pricing.PricedLine::total).toList());
            return new Quote(seller.code(), priced, total);
        });
    }

    /** A page of the seller's discount rules, oldest first. */
    public Page<DiscountRule> discounts(Actor actor, SellerCode sellerCode, PageRequest page) {
        var seller = sellers.authorise(actor, Action.PRODUCT_VIEW, sellerCode);
        return transactions.inTransaction(() -> discounts.ofSeller(seller.id(), page));
    }
}
