package com.bazaar.events.consumers;

import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.application.ScheduleReservationExpiry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Set;

/**
 * Consumer {@code reservations}: each {@code StockReserved} on {@code bazaar.order.v1} schedules the release of its
 * order's reservations at its {@code expiresAt} ({@link ScheduleReservationExpiry}, once per {@code event_id}); the
 * worker releases the due ones on a timer (see {@code bazaar worker}). Other event types are skipped.
 */
public final class ReservationExpiry implements EventConsumer {

    private static final Set<String> USED = Set.of("StockReserved");

    private final Topics topics;
    private final ScheduleReservationExpiry schedule;

    public ReservationExpiry(Topics topics, ScheduleReservationExpiry schedule) {
        this.topics = topics;
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return ScheduleReservationExpiry.CONSUMER;
    }

    @Override
    public List<String> topics() {
        return List.of(topics.events("order"));
    }

    @Override
    public String handle(ConsumerRecord<String, String> record) {
        var incoming = IncomingEvent.read(record, USED);
        if (incoming.isEmpty()) {
            return "ignored";
        }
        var reserved = (OrderEvent.StockReserved) incoming.get().event();
        return schedule.apply(incoming.get().eventId(), reserved).name().toLowerCase();
    }
}
