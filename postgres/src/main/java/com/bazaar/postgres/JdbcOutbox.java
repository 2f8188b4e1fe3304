package com.bazaar.postgres;

import com.bazaar.domain.event.DomainEvent;
import com.bazaar.domain.event.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link Outbox} in table {@code outbox}. */
public final class JdbcOutbox implements Outbox {

    private final JdbcClient jdbc;

    public JdbcOutbox(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void record(DomainEvent e) {
        jdbc.sql("INSERT INTO outbox (event_type, event_version, aggregate_type, aggregate_id, payload, occurred_at,"
                        + " correlation_id) VALUES (:type, :version, :aggType, :aggId, CAST(:payload AS jsonb), :at, :corr)")
                .param("type", e.type()).param("version", e.version()).param("aggType", e.aggregateType())
                .param("aggId", e.aggregateId()).param("payload", e.payloadJson())
                .param("at", Rows.param(e.occurredAt())).param("corr", e.correlationId().value())
                .update();
    }
}
