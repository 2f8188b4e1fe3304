package com.bazaar.cache;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductSnapshot;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.DiscountSnapshot;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How products and discount rules are stored in the cache: JSON objects in the form of their audit snapshots (the
 * domain's own {@link ProductSnapshot} and {@link DiscountSnapshot}) plus what a snapshot leaves to its event (ids,
 * the seller, the currency of a fixed discount, the product's creation time and version). Reading builds the domain
 * records again, so their constructors check what comes back. A change of this form changes the key prefix's version.
 */
final class StoredForm {

    private StoredForm() {
    }

    static String product(Product p) {
        Map<String, Object> json = ProductSnapshot.of(p).toMap();
        json.put("id", p.id().value());
        json.put("seller", p.seller().value());
        json.put("createdAt", p.createdAt().toString());
        json.put("version", p.version());
        return Json.write(json);
    }

    static Product product(String text) {
        Payload p = Payload.of(Json.readObject(text));
        ProductSnapshot s = ProductSnapshot.from(p);
        return new Product(new ProductId(p.number("id")), new SellerId(p.number("seller")), s.sku(), s.title(),
                s.description(), s.category(), s.attributes(), s.price(), s.status(),
                Instant.parse(p.text("createdAt")), p.number("version"));
    }

    static String discounts(List<DiscountRule> rules) {
        List<Object> list = new ArrayList<>();
        for (DiscountRule rule : rules) {
            Map<String, Object> json = DiscountSnapshot.of(rule).toMap();
            rule.amountPerUnit().ifPresent(a -> json.put("currency", a.currency().value()));
            list.add(json);
        }
        return Json.write(list);
    }

    static List<DiscountRule> discounts(SellerId seller, String text) {
        Object read = Json.read(text);
        if (!(read instanceof List<?> items)) {
            throw new IllegalArgumentException("cached discounts are not a list");
        }
        List<DiscountRule> rules = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("a cached discount is not an object");
            }
            @SuppressWarnings("unchecked")
            Payload p = Payload.of((Map<String, Object>) item);
            DiscountSnapshot s = DiscountSnapshot.from(p);
            var amount = s.amountPerUnit().map(a -> Money.parse(a, CurrencyCode.of(p.text("currency"))));
            rules.add(new DiscountRule(s.discount(), seller, s.scope(), s.sku(), s.category(), s.percentBasisPoints(),
                    amount, s.validFrom(), s.validUntil()));
        }
        return rules;
    }
}
