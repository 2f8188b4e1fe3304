package com.bazaar.cli.metrics;

import com.bazaar.batch.jobs.JobStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read-only questions an SRE asks of the database: how the batch jobs went, which are stuck, how many orders,
 * refunds and open reconciliation discrepancies there are, how far the outbox relay is behind, how many dead
 * letters wait. One cheap aggregate query each; used by
 * {@code bazaar health} and by the metrics file.
 */
public final class OperationalState {

    /** Spring Batch statuses of an execution that is still supposed to be making progress. */
    private static final String RUNNING = "('STARTING', 'STARTED', 'STOPPING')";

    public record JobCount(String job, String status, long count) {
    }

    public record JobItems(String job, long read, long written, long skipped) {
    }

    public record JobDuration(String job, double seconds) {
    }

    public record RecentExecution(long execution, String job, String status) {
    }

    public record StuckExecution(long execution, String job, String status, Instant lastProgress) {
    }

    public record LabelledCount(String label, long count) {
    }

    public record Discrepancies(String provider, String category, long count) {
    }

    private final JdbcClient jdbc;

    public OperationalState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Executions by job and status, a rejected run counted as REJECTED rather than as the status it is stored with
     * ({@link JobStatus#of}, ADR 0013).
     */
    public List<JobCount> jobExecutions() {
        Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        jdbc.sql("""
                SELECT i.job_name, e.status, e.exit_code, count(*) FROM batch_job_execution e
                JOIN batch_job_instance i USING (job_instance_id) GROUP BY 1, 2, 3""")
                .query(rs -> {
                    String status = JobStatus.of(rs.getString(2), rs.getString(3)).name();
                    counts.merge(List.of(rs.getString(1), status), rs.getLong(4), Long::sum);
                });
        return counts.entrySet().stream().map(c -> new JobCount(c.getKey().get(0), c.getKey().get(1), c.getValue()))
                .toList();
    }

    public List<JobItems> jobItems() {
        return jdbc.sql("""
                SELECT i.job_name, sum(s.read_count), sum(s.write_count),
                       sum(s.read_skip_count + s.process_skip_count + s.write_skip_count)
                FROM batch_step_execution s JOIN batch_job_execution e USING (job_execution_id)
                JOIN batch_job_instance i USING (job_instance_id) GROUP BY 1 ORDER BY 1""")
                .query((rs, n) -> new JobItems(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** How long the latest finished execution of each job took. */
    public List<JobDuration> lastDurations() {
        return jdbc.sql("""
                SELECT DISTINCT ON (i.job_name) i.job_name, extract(epoch FROM e.end_time - e.start_time)
                FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
                WHERE e.end_time IS NOT NULL AND e.start_time IS NOT NULL
                ORDER BY i.job_name, e.job_execution_id DESC""")
                .query((rs, n) -> new JobDuration(rs.getString(1), rs.getDouble(2))).list();
    }

    /**
     * Executions that claim to run but have shown no progress (neither the execution nor any of its steps was
     * updated; a chunk step updates its step execution at every commit) for longer than {@code threshold}.
     */
    public List<StuckExecution> stuckJobs(Instant now, Duration threshold) {
        return jdbc.sql("""
                SELECT e.job_execution_id, i.job_name, e.status,
                       greatest(e.last_updated, e.start_time, e.create_time, max(s.last_updated)) AS progress
                FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
                LEFT JOIN batch_step_execution s USING (job_execution_id)
                WHERE e.status IN %s
                GROUP BY e.job_execution_id, i.job_name, e.status
                HAVING greatest(e.last_updated, e.start_time, e.create_time, max(s.last_updated)) < :cutoff
                ORDER BY 1""".formatted(RUNNING))
                .param("cutoff", Timestamp.from(now.minus(threshold)))
                .query((rs, n) -> new StuckExecution(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** The latest job executions, newest first; only those of one seller when {@code seller} is given. */
    public List<RecentExecution> recentExecutions(int limit, java.util.Optional<String> seller) {
        return jdbc.sql("""
                SELECT e.job_execution_id, i.job_name, e.status FROM batch_job_execution e
                JOIN batch_job_instance i USING (job_instance_id)
                WHERE :seller IS NULL OR EXISTS (SELECT 1 FROM batch_job_execution_params p
                    WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'seller'
                    AND p.parameter_value = :seller)
                ORDER BY e.job_execution_id DESC LIMIT :limit""")
                .param("seller", seller.orElse(null), java.sql.Types.VARCHAR).param("limit", limit)
                .query((rs, n) -> new RecentExecution(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    public List<LabelledCount> ordersByStatus() {
        return counts("SELECT status, count(*) FROM orders GROUP BY 1 ORDER BY 1");
    }

    public List<LabelledCount> refundsByStatus() {
        return counts("SELECT status, count(*) FROM refunds GROUP BY 1 ORDER BY 1");
    }

    /** Payments whose last provider answer was not final (the payment janitor settles them); both statuses, always. */
    public List<LabelledCount> paymentsInDoubt() {
        // the partial index payments_in_doubt_idx answers this without reading the settled payments
        var found = counts("SELECT status, count(*) FROM payments WHERE status IN ('PENDING', 'UNKNOWN')"
                + " GROUP BY 1 ORDER BY 1");
        return java.util.stream.Stream.of("PENDING", "UNKNOWN").map(status -> found.stream()
                .filter(c -> c.label().equals(status)).findFirst().orElse(new LabelledCount(status, 0))).toList();
    }

    public List<LabelledCount> orderRefusals() {
        return counts("SELECT reason, refused FROM order_refusals ORDER BY 1");
    }

    /** Requests refused by a rate limit, per scope, from every process (table rate_limit_refusals). */
    public List<LabelledCount> rateLimited() {
        return counts("SELECT scope, sum(refused) FROM rate_limit_refusals GROUP BY 1 ORDER BY 1");
    }

    public long reservationsExpired() {
        return jdbc.sql("SELECT count(*) FROM reservations WHERE state = 'EXPIRED'").query(Long.class).single();
    }

    /** Discrepancies still waiting for a person (open or awaiting approval) in runs that were not superseded. */
    public List<Discrepancies> openDiscrepancies() {
        return jdbc.sql("""
                SELECT r.provider, i.category, count(*) FROM recon_items i JOIN recon_runs r USING (run_id)
                WHERE r.status <> 'SUPERSEDED' AND i.status IN ('OPEN', 'AWAITING_APPROVAL')
                GROUP BY 1, 2 ORDER BY 1, 2""")
                .query((rs, n) -> new Discrepancies(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** Open dead letters (status DEAD: neither replayed nor discarded) of one consumer from one topic. */
    public record OpenDeadLetters(String consumer, String topic, long count) {
    }

    /** The dead letters waiting for an operator, by consumer and the topic they came from (index dead_letters_open). */
    public List<OpenDeadLetters> openDeadLetters() {
        return jdbc.sql("SELECT consumer, topic, count(*) FROM dead_letters WHERE status = 'DEAD' GROUP BY 1, 2"
                        + " ORDER BY 1, 2")
                .query((rs, n) -> new OpenDeadLetters(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** The outbox rows not yet published: how many, and how many seconds the oldest has waited at {@code now}. */
    public record OutboxState(long unpublished, double oldestSeconds, long published) {
    }

    /**
     * The relay's backlog (the partial index outbox_unpublished_idx answers it) and every event published so far
     * (outbox rows are never deleted, so that count only grows).
     */
    public OutboxState outbox(Instant now) {
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE published_at IS NULL),
                               min(occurred_at) FILTER (WHERE published_at IS NULL),
                               count(*) FILTER (WHERE published_at IS NOT NULL)
                        FROM outbox""")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp(2);
                    double seconds = oldest == null ? 0
                            : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
                    return new OutboxState(rs.getLong(1), seconds, rs.getLong(3));
                })
                .single();
    }

    private List<LabelledCount> counts(String sql) {
        return jdbc.sql(sql).query((rs, n) -> new LabelledCount(rs.getString(1), rs.getLong(2))).list();
    }
}
