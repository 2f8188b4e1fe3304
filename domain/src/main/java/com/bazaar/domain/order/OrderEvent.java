package com.bazaar.domain.order;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Json;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What happens to an order (aggregate {@code order}, id the order id); docs/events.md is the contract. */
public sealed interface OrderEvent extends Event {

    OrderId order();

    @Override
    default String aggregateType() {
        return "order";
    }

    @Override
    default String aggregateId() {
        return order().toString();
    }

    /** Reads a stored payload of one of these events back. */
    static OrderEvent from(String type, String aggregateId, Map<String, Object> payload) {
        Payload p = Payload.of(payload);
        return switch (type) {
            case "OrderPlaced" -> new OrderPlaced(OrderSnapshot.from(p), SellerCode.of(p.text("seller")),
                    p.number("payment"));
            case "StockReserved" -> new StockReserved(new OrderId(p.number("order")),
                    Instant.parse(p.text("expiresAt")), p.list("lines").stream().map(String.class::cast)
                    .map(StockReserved.Line::parse).toList());
            case "OrderCancelled" -> new OrderCancelled(OrderSnapshot.from(p));
            case "ReservationExpired" -> new ReservationExpired(new OrderId(p.number("order")));
            case "OrderShipped" -> new OrderShipped(OrderSnapshot.from(p));
            case "OrderDelivered" -> new OrderDelivered(OrderSnapshot.from(p));
            case "OrderPaid" -> new OrderPaid(new OrderId(p.number("order")));
            default -> throw new IllegalArgumentException("not an order event: " + type);
        };
    }

    /** An event whose payload is the order snapshot (OrderPlaced adds to it). */
    sealed interface WithState extends OrderEvent {
        OrderSnapshot state();

        @Override
        default OrderId order() {
            return state().order();
        }

        @Override
        default Map<String, Object> payload() {
            return state().toMap();
        }
    }

    /** A new order, its seller and the payment to authorize (the payment module's id). */
    record OrderPlaced(OrderSnapshot state, SellerCode seller, long payment) implements WithState {
        @Override
        public Map<String, Object> payload() {
            Map<String, Object> json = WithState.super.payload();
            json.put("seller", seller.value());
            json.put("payment", payment);
            return json;
        }
    }

    /** The stock of a new order held until {@code expiresAt}. */
    record StockReserved(OrderId order, Instant expiresAt, List<Line> lines) implements OrderEvent {

        /** One reserved line, written {@code SKU:QTY}. */
        public record Line(Sku sku, long quantity) {
            static Line parse(String text) {
                int colon = text.lastIndexOf(':');
                return new Line(new Sku(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
            }

            @Override
            public String toString() {
                return sku.value() + ":" + quantity;
            }
        }

        public StockReserved {
            lines = List.copyOf(lines);
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> json = Json.object();
            json.put("order", order.value());
            json.put("expiresAt", expiresAt.toString());
            json.put("lines", lines.stream().map(Line::toString).toList());
            return json;
        }
    }

    record OrderCancelled(OrderSnapshot state) implements WithState {
    }

    /** The order's reservations ran out before it was paid (it is cancelled by the same change). */
    record ReservationExpired(OrderId order) implements OrderEvent {
        @Override
        public Map<String, Object> payload() {
            return orderOnly(order);
        }
    }

    record OrderShipped(OrderSnapshot state) implements WithState {
    }

    record OrderDelivered(OrderSnapshot state) implements WithState {
    }

    /** The order's payment was captured. */
    record OrderPaid(OrderId order) implements OrderEvent {
        @Override
        public Map<String, Object> payload() {
            return orderOnly(order);
        }
    }

    private static Map<String, Object> orderOnly(OrderId order) {
        Map<String, Object> json = Json.object();
        json.put("order", order.value());
        return json;
    }
}
