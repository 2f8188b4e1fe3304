package com.bazaar.domain.order;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;

import java.util.List;
import java.util.Map;

/**
 * An order as its audit records and events show it (docs/events.md, "order snapshot"): id, buyer, status, total and
 * priced lines, all in the order's currency.
 */
public record OrderSnapshot(OrderId order, Buyer buyer, OrderStatus status, Money total, List<Line> lines) {

    public record Line(Sku sku, long quantity, Money unitPrice, Money discount, Money total) {
    }

    public OrderSnapshot {
        lines = List.copyOf(lines);
    }

    public static OrderSnapshot of(Order order) {
        return new OrderSnapshot(order.id(), order.buyer(), order.status(), order.total(), order.lines().stream()
                .map(l -> new Line(l.sku(), l.quantity(), l.unitPrice(), l.discount(), l.total())).toList());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> json = Json.object();
        json.put("order", order.value());
        json.put("buyer", buyer.value());
        json.put("status", status.name());
        json.put("total", total.decimal());
        json.put("currency", total.currency().value());
        json.put("lines", lines.stream().map(l -> {
            Map<String, Object> line = Json.object();
            line.put("sku", l.sku().value());
            line.put("quantity", l.quantity());
            line.put("unitPrice", l.unitPrice().decimal());
            line.put("discount", l.discount().decimal());
            line.put("total", l.total().decimal());
            return line;
        }).toList());
        return json;
    }

    public static OrderSnapshot from(Payload p) {
        CurrencyCode currency = CurrencyCode.of(p.text("currency"));
        return new OrderSnapshot(new OrderId(p.number("order")), new Buyer(p.text("buyer")),
                OrderStatus.valueOf(p.text("status")), Money.parse(p.text("total"), currency),
                p.objects("lines").stream().map(l -> new Line(new Sku(l.text("sku")), l.number("quantity"),
                        Money.parse(l.text("unitPrice"), currency), Money.parse(l.text("discount"), currency),
                        Money.parse(l.text("total"), currency))).toList());
    }
}
