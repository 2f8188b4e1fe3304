package com.bazaar.domain.support;

import com.bazaar.domain.catalog.CatalogEvent;
import com.bazaar.domain.event.Event;
import com.bazaar.domain.inventory.InventoryEvent;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.payment.PaymentEvent;
import com.bazaar.domain.payment.RefundEvent;
import com.bazaar.domain.pricing.PricingEvent;
import com.bazaar.domain.reconciliation.ReconciliationEvent;
import com.bazaar.domain.shared.Json;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every module's sealed event type, and the reading of a stored event (its type, aggregate id and payload JSON, as
 * the outbox holds it) back into its typed record.
 */
public final class StoredEvents {

    private interface Reader {
        Event read(String type, String aggregateId, Map<String, Object> payload);
    }

    private record Root(Class<? extends Event> type, Reader reader) {
    }

    /** The sealed event interfaces, one or two per module; their permitted records are every event there is. */
    private static final List<Root> ROOTS = List.of(new Root(CatalogEvent.class, CatalogEvent::from),
            new Root(InventoryEvent.class, InventoryEvent::from), new Root(PricingEvent.class, PricingEvent::from),
            new Root(OrderEvent.class, OrderEvent::from), new Root(PaymentEvent.class, PaymentEvent::from),
            new Root(RefundEvent.class, RefundEvent::from),
            new Root(ReconciliationEvent.class, ReconciliationEvent::from));

    private StoredEvents() {
    }

    /** Reads a stored event; refused when no module knows its type or its payload does not fit. */
    public static Event read(String type, String aggregateId, String payloadJson) {
        Map<String, Object> payload = Json.readObject(payloadJson);
        Reader reader = readerOf(type).orElseThrow(() -> new IllegalArgumentException("unknown event type " + type));
        return reader.read(type, aggregateId, payload);
    }

    /** The records every root permits (at any depth): the event types the code can write, by simple name. */
    public static List<Class<?>> types() {
        return ROOTS.stream().flatMap(root -> records(root.type()).stream()).toList();
    }

    private static List<Class<?>> records(Class<?> sealed) {
        return java.util.Arrays.stream(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isRecord() ? java.util.stream.Stream.of(c) : records(c).stream()).toList();
    }

    public static List<Class<? extends Event>> roots() {
        return ROOTS.stream().<Class<? extends Event>>map(Root::type).toList();
    }

    private static Optional<Reader> readerOf(String type) {
        return ROOTS.stream().filter(root -> records(root.type()).stream()
                .anyMatch(c -> c.getSimpleName().equals(type))).map(Root::reader).findFirst();
    }
}
