package com.bazaar.events.consumers;

import com.bazaar.domain.order.application.ProjectSales;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Set;

/**
 * Consumer {@code sales}: feeds the read model {@code seller_sales_daily} from {@code bazaar.order.v1}
 * ({@code OrderPlaced}, {@code OrderCancelled}) and {@code bazaar.payment.v1} ({@code RefundIssued}) through
 * {@link ProjectSales}, each event once (by its {@code event_id} header). Event types it does not use are skipped;
 * a used type of another version, or one whose payload does not read, is poison.
 */
public final class SalesProjection implements EventConsumer {

    private static final Set<String> USED = Set.of("OrderPlaced", "OrderCancelled", "RefundIssued");

    private final Topics topics;
    private final ProjectSales project;

    public SalesProjection(Topics topics, ProjectSales project) {
        this.topics = topics;
        this.project = project;
    }

    @Override
    public String name() {
        return ProjectSales.CONSUMER;
    }

    @Override
    public List<String> topics() {
        return topicsOf(topics);
    }

    /** The topics this consumer reads under these topic names. */
    public static List<String> topicsOf(Topics topics) {
        return List.of(topics.events("order"), topics.events("payment"));
    }

    @Override
    public String handle(ConsumerRecord<String, String> record) {
        var incoming = IncomingEvent.read(record, USED);
        if (incoming.isEmpty() || !project.handles(incoming.get().event())) {
            return "ignored";
        }
        var event = incoming.get();
        return project.apply(event.eventId(), event.event(), event.occurredAt()).name().toLowerCase();
    }
}
