package com.bazaar.postgres;

import com.bazaar.domain.event.DomainEvent;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Outbox.recordAll} writes a transaction's events in one statement: the same rows as one {@code record} each,
 * their ids ascending in the list's order (the relay publishes by id, so an aggregate's events keep their order).
 */
class OutboxRecordsABatchInOrderTest {

    @Test
    void aBatchIsStoredAsItsEventsOneByOneWouldBeInTheListsOrder() {
        Database database = new Database(TestDatabases.fresh().dataSource());
        JdbcOutbox outbox = new JdbcOutbox(database);
        JdbcClient jdbc = database.jdbc();
        Instant at = Instant.parse("2026-12-04T16:30:00.123456Z");
        CorrelationId correlation = new CorrelationId("cli-batch");
        List<DomainEvent> events = List.of(
                new DomainEvent("OrderPlaced", 1, "order", "7", Map.of("total", "12.99", "lines", List.of(1, 2)), at,
                        correlation),
                new DomainEvent("StockReserved", 2, "order", "7", Map.of("quote", "it's \"quoted\""), at, correlation),
                new DomainEvent("OrderPaid", 1, "order", "8", Map.of(), at.plusSeconds(1), correlation));

        outbox.recordAll(events);
        events.forEach(outbox::record);

        List<String> rows = jdbc.sql("SELECT event_type || '|' || event_version || '|' || aggregate_type || '|'"
                + " || aggregate_id || '|' || payload::text || '|' || occurred_at || '|' || correlation_id"
                + " FROM outbox ORDER BY id").query(String.class).list();
        assertThat(rows).hasSize(6);
        assertThat(rows.subList(0, 3)).as("the batch, in the list's order").containsExactlyElementsOf(rows.subList(3, 6));
        assertThat(rows.get(0)).startsWith("OrderPlaced|1|order|7|");
        assertThat(rows.get(1)).startsWith("StockReserved|2|order|7|").contains("it's \\\"quoted\\\"");
        assertThat(rows.get(2)).startsWith("OrderPaid|1|order|8|{}|");
    }
}
