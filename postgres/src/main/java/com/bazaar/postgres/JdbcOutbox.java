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

    /** One multi-row INSERT: the rows take their ids in the list's order (VALUES rows are inserted in order). */
    @Override
    public void recordAll(java.util.List<DomainEvent> events) {
        if (events.size() <= 1) {
            events.forEach(this::record);
            return;
        }
        StringBuilder values = new StringBuilder();
        var params = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < events.size(); i++) {
            DomainEvent e = events.get(i);
            values.append(i == 0 ? "" : ", ").append("(:type").append(i).append(", :version").append(i)
                    .append(", :aggType").append(i).append(", :aggId").append(i).append(", CAST(:payload").append(i)
                    .append(" AS jsonb), :at").append(i).append(", :corr").append(i).append(')');
            params.put("type" + i, e.type());
            params.put("version" + i, e.version());
            params.put("aggType" + i, e.aggregateType());
            params.put("aggId" + i, e.aggregateId());
            params.put("payload" + i, e.payloadJson());
            params.put("at" + i, Rows.param(e.occurredAt()));
            params.put("corr" + i, e.correlationId().value());
        }
        jdbc.sql("INSERT INTO outbox (event_type, event_version, aggregate_type, aggregate_id, payload, occurred_at,"
                + " correlation_id) VALUES " + values).params(params).update();
    }
}
