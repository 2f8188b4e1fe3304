package com.bazaar.postgres;

import com.bazaar.domain.event.OutboxBacklog;
import com.bazaar.domain.event.OutboxMessage;
import com.bazaar.domain.event.UnpublishedEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * {@link UnpublishedEvents} over table {@code outbox}: "published_at IS NULL ORDER BY id", which the partial index
 * outbox_unpublished_idx answers without reading the published rows; the batch in flight is left out with a hashed
 * "NOT IN (SELECT unnest(...))", 10x cheaper than "{@code <> ALL (array)}", which compares every row with every id of
 * a generic plan's array (2 ms against 22 ms for 2,000 of each). The payload is handed on as the text PostgreSQL
 * stores ({@code jsonb}), never re-written.
 */
public final class JdbcUnpublishedEvents implements UnpublishedEvents {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public JdbcUnpublishedEvents(Database database) {
        this.jdbc = database.jdbc();
        this.transaction = new TransactionTemplate(database.transactionManager());
    }

    @Override
    public List<OutboxMessage> oldest(int limit, Collection<Long> inFlight) {
        return jdbc.sql("""
                        SELECT id, event_type, event_version, aggregate_type, aggregate_id, payload::text AS payload,
                               occurred_at, correlation_id
                        FROM outbox
                        WHERE published_at IS NULL AND id NOT IN (SELECT unnest(CAST(:inFlight AS bigint[])))
                        ORDER BY id LIMIT :limit""")
                .param("limit", limit).param("inFlight", inFlight.toArray(Long[]::new))
                .query((rs, n) -> new OutboxMessage(rs.getLong("id"), rs.getString("event_type"),
                        rs.getInt("event_version"), rs.getString("aggregate_type"), rs.getString("aggregate_id"),
                        rs.getString("payload"), Rows.instant(rs, "occurred_at"), rs.getString("correlation_id")))
                .list();
    }

    @Override
    public void markPublished(List<Long> ids, Instant publishedAt) {
        if (ids.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> jdbc.sql(
                        "UPDATE outbox SET published_at = :at WHERE id = ANY (:ids) AND published_at IS NULL")
                .param("at", Rows.param(publishedAt)).param("ids", ids.toArray(Long[]::new))
                .update());
    }

    @Override
    public OutboxBacklog backlog() {
        return jdbc.sql("SELECT count(*), min(occurred_at) AS oldest FROM outbox WHERE published_at IS NULL")
                .query((rs, n) -> new OutboxBacklog(rs.getLong(1), Rows.optionalInstant(rs, "oldest")))
                .single();
    }
}
