package com.bazaar.events.consumers;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.domain.support.StoredEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Consumer {@code sales}: feeds the read model {@code seller_sales_daily} from {@code bazaar.order.v1} through
 * {@link ProjectSales}, each event once (by its {@code event_id} header). Event types it does not use are skipped;
 * a used type of another version, or one whose payload does not read, is poison.
 */
public final class SalesProjection implements EventConsumer {

    private static final Set<String> USED = Set.of("OrderPlaced");

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
        return List.of(topics.events("order"));
    }

    @Override
    public String handle(ConsumerRecord<String, String> record) {
        String type = EventHeaders.text(record.headers(), EventHeaders.EVENT_TYPE).orElse("");
        if (!USED.contains(type)) {
            return "ignored";
        }
        String version = EventHeaders.text(record.headers(), EventHeaders.EVENT_VERSION).orElse("");
        if (!version.equals("1")) {
            throw new Poison("UNKNOWN_VERSION", type + " version '" + version + "' (this consumer reads 1)");
        }
        String eventId = EventHeaders.text(record.headers(), EventHeaders.EVENT_ID)
                .orElseThrow(() -> new Poison("UNPARSEABLE", "an event without the " + EventHeaders.EVENT_ID
                        + " header"));
        Event event;
        Instant occurredAt;
        try {
            event = StoredEvents.read(type, record.key(), record.value());
            occurredAt = EventHeaders.text(record.headers(), EventHeaders.OCCURRED_AT).map(Instant::parse)
                    .orElse(Instant.ofEpochMilli(record.timestamp()));
        } catch (RuntimeException e) {
            throw new Poison("UNPARSEABLE", type + " " + eventId + " does not read: " + e.getMessage(), e);
        }
        if (!project.handles(event)) {
            return "ignored";
        }
        return project.apply(eventId, event, occurredAt).name().toLowerCase();
    }
}
