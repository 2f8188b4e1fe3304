package com.bazaar.domain.order.application;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.ProcessedEvents;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.OrderSnapshot;
import com.bazaar.domain.order.SalesDays;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.ApplyOnce;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The {@code sales} consumer's effect: builds the read model {@code seller_sales_daily} from order events, each event
 * applied once ({@link ApplyOnce}). An {@code OrderPlaced} adds one order, its units and its total to the seller's day
 * (UTC) of the event. Other events change nothing here. {@link #rebuild} empties the model and forgets what was
 * applied, so reading the topics from the beginning builds it again, to the same totals.
 */
public final class ProjectSales {

    /** The consumer's name, in {@code processed_events}, metrics and {@code bazaar worker --only}. */
    public static final String CONSUMER = "sales";

    private final Transactions transactions;
    private final ProcessedEvents processed;
    private final SalesDays sales;
    private final ApplyOnce once;

    public ProjectSales(Transactions transactions, ProcessedEvents processed, SalesDays sales, Clock clock) {
        this.transactions = transactions;
        this.processed = processed;
        this.sales = sales;
        this.once = new ApplyOnce(transactions, processed, clock);
    }

    /** True for the events that change the read model; the consumer skips the others without a record. */
    public boolean handles(Event event) {
        return event instanceof OrderEvent.OrderPlaced;
    }

    public ApplyOnce.Result apply(String eventId, Event event, Instant occurredAt) {
        if (!(event instanceof OrderEvent.OrderPlaced placed)) {
            throw new IllegalArgumentException("the sales projection does not take " + event.type());
        }
        OrderSnapshot order = placed.state();
        long units = order.lines().stream().mapToLong(OrderSnapshot.Line::quantity).sum();
        return once.apply(CONSUMER, eventId, () -> sales.add(placed.seller(),
                occurredAt.atZone(ZoneOffset.UTC).toLocalDate(), 1, units, order.total()));
    }

    /** Empties the read model and forgets the events applied, in one transaction. */
    public void rebuild() {
        transactions.run(() -> {
            sales.clear();
            processed.forget(CONSUMER);
        });
    }
}
