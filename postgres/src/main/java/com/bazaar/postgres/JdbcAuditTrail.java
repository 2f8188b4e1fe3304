package com.bazaar.postgres;

import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditKeys;
import com.bazaar.domain.audit.AuditQuery;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.audit.Outcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link AuditTrail} in table {@code audit_log}. Appending locks one stripe's head row for the rest of the transaction
 * (the one the transaction already holds, else a free one: {@code audit_chain_head_for_append()}, ADR 0015), links and
 * seals the entry with {@link AuditChain#link} and the installation's audit key, and inserts it; the schema's insert
 * trigger re-checks the link against that stripe's head and moves it, and a constraint refuses an unsealed record.
 */
public final class JdbcAuditTrail implements AuditTrail {

    private static final String COLUMNS = "seq, occurred_at, actor_name, actor_roles, action, target, outcome, "
            + "before_json, after_json, reason, correlation_id, prev_hash, hash, mac, stripe";

    private static final RowMapper<AuditRecord> ROW = (rs, n) -> new AuditRecord(rs.getLong("seq"),
            Rows.instant(rs, "occurred_at"), rs.getString("actor_name"), rs.getString("actor_roles"),
            rs.getString("action"), rs.getString("target"), Outcome.valueOf(rs.getString("outcome")),
            Rows.optionalString(rs, "before_json"), Rows.optionalString(rs, "after_json"),
            Rows.optionalString(rs, "reason"), rs.getString("correlation_id"), rs.getString("prev_hash"),
            rs.getString("hash"), Rows.optionalString(rs, "mac"), rs.getInt("stripe"));

    private static final RowMapper<AuditChain.Head> HEAD = (rs, n) -> new AuditChain.Head(rs.getInt("stripe"),
            rs.getLong("seq"), rs.getString("hash"));

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final AuditKeys keys;

    /** The trail, sealing what it appends with the key of {@code keys} (an append without a key is refused). */
    public JdbcAuditTrail(Database database, AuditKeys keys) {
        this.keys = keys;
        this.jdbc = database.jdbc();
        this.streaming = new JdbcTemplate(database.dataSource());
        this.streaming.setFetchSize(1000);
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        AuditKey key = keys.key(); // before the head is locked: a host without the key refuses at once
        // locks a stripe's head row for the rest of the transaction (commands may read heads, never update them) and
        // draws the record's number while it is held, so numbers rise within the stripe
        AuditRecord record = jdbc.sql("SELECT stripe, seq, hash, next_seq FROM audit_chain_head_for_append()")
                .query((rs, n) -> AuditChain.link(entry, rs.getLong("next_seq"), rs.getInt("stripe"),
                        rs.getString("hash"), key)).single();
        jdbc.sql("INSERT INTO audit_log (" + COLUMNS + ") VALUES (:seq, :at, :actor, :roles, :action, :target, "
                        + ":outcome, :before, :after, :reason, :correlation, :prev, :hash, :mac, :stripe)")
                .param("seq", record.seq())
                .param("stripe", record.stripe())
                .param("at", Rows.param(record.occurredAt()))
                .param("actor", record.actorName())
                .param("roles", record.actorRoles())
                .param("action", record.action())
                .param("target", record.target())
                .param("outcome", record.outcome().name())
                .param("before", record.before().orElse(null))
                .param("after", record.after().orElse(null))
                .param("reason", record.reason().orElse(null))
                .param("correlation", record.correlationId())
                .param("prev", record.previousHash())
                .param("hash", record.hash())
                .param("mac", record.mac().orElse(null))
                .update();
        return record;
    }

    @Override
    public Page<AuditRecord> find(AuditQuery query, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE true");
        var params = new java.util.LinkedHashMap<String, Object>();
        query.since().ifPresent(since -> {
            sql.append(" AND occurred_at >= :since");
            params.put("since", Rows.param(since));
        });
        query.actor().ifPresent(actor -> {
            sql.append(" AND actor_name = :actor");
            params.put("actor", actor);
        });
        query.target().ifPresent(target -> {
            if (target.endsWith("*")) {
                sql.append(" AND target LIKE :target");
                params.put("target", target.substring(0, target.length() - 1)
                        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            } else {
                sql.append(" AND target = :target");
                params.put("target", target);
            }
        });
        page.after("audit", 1).ifPresent(after -> {
            sql.append(" AND seq < :after");
            params.put("after", after.number(0));
        });
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        params.put("limit", page.probe());
        var newestFirst = Page.of(jdbc.sql(sql.toString()).params(params).query(ROW).list(), page,
                r -> Cursor.of("audit", r.seq()));
        List<AuditRecord> oldestFirst = new ArrayList<>(newestFirst.items());
        Collections.reverse(oldestFirst);
        return new Page<>(oldestFirst, newestFirst.next(), newestFirst.total());
    }

    @Override
    public void forEach(long lastSeq, Consumer<AuditRecord> visitor) {
        int[] row = {0};
        streaming.query("SELECT " + COLUMNS + " FROM audit_log WHERE seq <= ? ORDER BY seq",
                rs -> {
                    visitor.accept(ROW.mapRow(rs, row[0]++));
                }, lastSeq);
    }

    @Override
    public List<AuditRecord> page(long afterSeq, java.time.Instant from, java.time.Instant to, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_log WHERE seq > :after AND occurred_at >= :from"
                        + " AND occurred_at < :to ORDER BY seq LIMIT :limit")
                .param("after", afterSeq).param("from", Rows.param(from)).param("to", Rows.param(to))
                .param("limit", limit).query(ROW).list();
    }

    @Override
    public java.util.Optional<AuditRecord> record(long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_log WHERE seq = :seq").param("seq", seq).query(ROW)
                .optional();
    }

    @Override
    public ChainHead head() {
        return jdbc.sql("SELECT seq, hash FROM audit_chain_head ORDER BY seq DESC, id LIMIT 1")
                .query((rs, n) -> new ChainHead(rs.getLong("seq"), rs.getString("hash"))).single();
    }

    @Override
    public List<AuditChain.Head> heads() {
        return jdbc.sql("SELECT id AS stripe, seq, hash FROM audit_chain_head ORDER BY id").query(HEAD).list();
    }

    @Override
    public List<AuditChain.Head> lockHeadsForCheckpoint() {
        return jdbc.sql("SELECT stripe, seq, hash FROM audit_chain_heads_for_checkpoint()").query(HEAD).list();
    }

    @Override
    public java.util.Optional<AuditRecord> latestCheckpoint() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_log WHERE action = :action ORDER BY seq DESC LIMIT 1")
                .param("action", AuditChain.CHECKPOINT).query(ROW).optional();
    }
}
