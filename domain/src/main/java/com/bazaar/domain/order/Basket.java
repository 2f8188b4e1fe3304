package com.bazaar.domain.order;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.Pricing;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of what may be ordered and at what price, in one place: every line names a product of the seller
 * (UNKNOWN_SKU) that is orderable (PRODUCT_NOT_ACTIVE), is priced with the best discount valid at the moment of
 * pricing, and the order is not free after discounts (ORDER_FREE). The stock is a separate rule, checked under the
 * stock rows' locks when the lines are reserved.
 */
public final class Basket {

    /** The priced lines, in the order asked, and their total in the seller's currency. */
    public record Priced(List<OrderLine> lines, Money total) {
        public Priced {
            lines = List.copyOf(lines);
        }
    }

    private Basket() {
    }

    /**
     * Prices the requested lines for the seller.
     *
     * @param products the seller's products with the requested SKUs (those that exist)
     * @param rules    the seller's discount rules active at {@code pricedAt}
     * @throws RuleViolation the first rule the basket breaks
     */
    public static Priced price(Seller seller, List<LineRequest> requests, Map<Sku, Product> products,
                               List<DiscountRule> rules, Instant pricedAt) {
        List<OrderLine> lines = new ArrayList<>();
        int lineNo = 0;
        for (LineRequest request : requests) {
            Product product = products.get(request.sku());
            if (product == null) {
                throw new RuleViolation("UNKNOWN_SKU", "seller " + seller.code() + " has no product with SKU "
                        + request.sku());
            }
            if (!product.isOrderable()) {
                throw new RuleViolation("PRODUCT_NOT_ACTIVE", "product " + request.sku() + " is " + product.status()
                        + " and cannot be ordered");
            }
            var priced = Pricing.price(product, request.quantity(), rules, pricedAt);
            lines.add(new OrderLine(++lineNo, product.id(), product.sku(), request.quantity(), priced.unitPrice(),
                    priced.discount(), priced.total()));
        }
        Money total = Pricing.orderTotal(seller.currency(), lines.stream().map(OrderLine::total).toList());
        if (!total.isPositive()) {
            throw new RuleViolation("ORDER_FREE", "the order total is " + total + " after discounts: free orders are"
                    + " not supported");
        }
        return new Priced(lines, total);
    }
}
