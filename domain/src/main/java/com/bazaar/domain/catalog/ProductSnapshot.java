package com.bazaar.domain.catalog;

import com.bazaar.domain.event.Payload;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A product as its audit records and events show it (docs/events.md, "product snapshot"); the product id is the
 * event's aggregate id, not a field.
 */
public record ProductSnapshot(Sku sku, String title, Optional<String> description, Optional<String> category,
                              Attributes attributes, Money price, ProductStatus status) {

    public static ProductSnapshot of(Product p) {
        return new ProductSnapshot(p.sku(), p.title(), p.description(), p.category(), p.attributes(), p.price(),
                p.status());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> json = Json.object();
        json.put("sku", sku.value());
        json.put("title", title);
        description.ifPresent(d -> json.put("description", d));
        category.ifPresent(c -> json.put("category", c));
        if (!attributes.values().isEmpty()) {
            json.put("attributes", attributes.values());
        }
        json.put("price", price.decimal());
        json.put("currency", price.currency().value());
        json.put("status", status.name());
        return json;
    }

    public static ProductSnapshot from(Payload p) {
        Map<String, String> attributes = new LinkedHashMap<>();
        p.optionalObject("attributes").ifPresent(a -> a.fields().keySet().forEach(k -> attributes.put(k, a.text(k))));
        return new ProductSnapshot(new Sku(p.text("sku")), p.text("title"), p.optionalText("description"),
                p.optionalText("category"), new Attributes(attributes),
                Money.parse(p.text("price"), CurrencyCode.of(p.text("currency"))), ProductStatus.valueOf(p.text("status")));
    }
}
