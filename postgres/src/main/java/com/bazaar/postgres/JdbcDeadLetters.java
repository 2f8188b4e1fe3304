package com.bazaar.postgres;

import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.shared.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DeadLetters} in table {@code dead_letters}: headers as a JSON object of strings; rows never deleted. */
public final class JdbcDeadLetters implements DeadLetters {

    private static final String COLUMNS = "id, consumer, topic, record_partition, record_offset, record_key, payload,"
            + " headers, reason, error, attempts, dlt_topic, dlt_partition, dlt_offset, dead_at, status, resolved_at,"
            + " resolved_by, resolution_reason";

    private final JdbcClient jdbc;

    public JdbcDeadLetters(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public boolean add(DeadLetter.Arrival a) {
        return jdbc.sql("INSERT INTO dead_letters (consumer, topic, record_partition, record_offset, record_key, payload,"
                        + " headers, reason, error, attempts, dlt_topic, dlt_partition, dlt_offset, dead_at) VALUES"
                        + " (:consumer, :topic, :partition, :offset, :key, :payload, :headers, :reason, :error, :attempts,"
                        + " :dltTopic, :dltPartition, :dltOffset, :at)"
                        + " ON CONFLICT ON CONSTRAINT dead_letters_dlt_record_unique DO NOTHING")
                .param("consumer", a.consumer()).param("topic", a.topic()).param("partition", a.partition())
                .param("offset", a.offset()).param("key", a.key().orElse(null)).param("payload", a.payload())
                .param("headers", Json.write(new java.util.TreeMap<>(a.headers()))).param("reason", a.reason())
                .param("error", a.error()).param("attempts", a.attempts()).param("dltTopic", a.deadLetterTopic())
                .param("dltPartition", a.deadLetterPartition()).param("dltOffset", a.deadLetterOffset())
                .param("at", Rows.param(a.deadAt())).update() == 1;
    }

    @Override
    public Page<DeadLetter> list(Optional<String> consumer, boolean all, PageRequest page) {
        long after = page.after("dlq", 1).map(c -> c.number(0)).orElse(0L);
        return Page.of(jdbc.sql("SELECT " + COLUMNS + " FROM dead_letters WHERE (:all OR status = 'DEAD')"
                        + " AND (CAST(:consumer AS text) IS NULL OR consumer = :consumer) AND id > :after"
                        + " ORDER BY id LIMIT :limit")
                .param("all", all).param("consumer", consumer.orElse(null)).param("after", after)
                .param("limit", page.probe())
                .query(ROW).list(), page, d -> Cursor.of("dlq", d.id()));
    }

    @Override
    public List<DeadLetter.Counts> counts() {
        return jdbc.sql("SELECT consumer, topic, count(*) FILTER (WHERE status = 'DEAD'),"
                        + " count(*) FILTER (WHERE status = 'REPLAYED'), count(*) FILTER (WHERE status = 'DISCARDED')"
                        + " FROM dead_letters GROUP BY consumer, topic ORDER BY consumer, topic")
                .query((rs, n) -> new DeadLetter.Counts(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)))
                .list();
    }

    @Override
    public Optional<DeadLetter> byIdForUpdate(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dead_letters WHERE id = :id FOR UPDATE").param("id", id)
                .query(ROW).optional();
    }

    @Override
    public List<DeadLetter> openForUpdate(Optional<String> consumer) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dead_letters WHERE status = 'DEAD'"
                        + " AND (CAST(:consumer AS text) IS NULL OR consumer = :consumer) ORDER BY id FOR UPDATE")
                .param("consumer", consumer.orElse(null)).query(ROW).list();
    }

    @Override
    public void resolve(long id, DeadLetter.Status status, Instant at, String by, Optional<String> reason) {
        jdbc.sql("UPDATE dead_letters SET status = :status, resolved_at = :at, resolved_by = :by,"
                        + " resolution_reason = :reason WHERE id = :id AND status = 'DEAD'")
                .param("status", status.name()).param("at", Rows.param(at)).param("by", by)
                .param("reason", reason.orElse(null)).param("id", id).update();
    }

    private static final RowMapper<DeadLetter> ROW = (rs, n) -> {
        Map<String, String> headers = new LinkedHashMap<>();
        Json.readObject(rs.getString("headers")).forEach((k, v) -> headers.put(k, String.valueOf(v)));
        var arrival = new DeadLetter.Arrival(rs.getString("consumer"), rs.getString("topic"),
                rs.getInt("record_partition"), rs.getLong("record_offset"), Rows.optionalString(rs, "record_key"),
                rs.getString("payload"), headers, rs.getString("reason"), rs.getString("error"), rs.getInt("attempts"),
                rs.getString("dlt_topic"), rs.getInt("dlt_partition"), rs.getLong("dlt_offset"),
                Rows.instant(rs, "dead_at"));
        return new DeadLetter(rs.getLong("id"), arrival, DeadLetter.Status.valueOf(rs.getString("status")),
                Rows.optionalInstant(rs, "resolved_at"), Rows.optionalString(rs, "resolved_by"),
                Rows.optionalString(rs, "resolution_reason"));
    };
}
