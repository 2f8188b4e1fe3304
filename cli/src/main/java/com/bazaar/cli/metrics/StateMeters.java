package com.bazaar.cli.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system's state as Micrometer meters: batch job executions and items, stuck jobs, orders, refused orders by
 * reason, expired reservations, refunds by outcome, open reconciliation discrepancies, the outbox relay's backlog, open dead letters. The numbers come from the
 * database (one {@link Snapshot}), because the work is done by many short-lived processes and the database is the
 * only place that sees all of them. The metrics file registers one snapshot; {@code bazaar serve} calls
 * {@link #update} on a schedule, and series that appear later are registered then; each job's execution counters
 * exist from the start, at 0.
 * A series that no longer appears in the database (no order left in a status) reads 0.
 */
public final class StateMeters {

    /** One read of the state. */
    public record Snapshot(List<OperationalState.JobCount> executions, List<OperationalState.JobItems> items,
                           List<OperationalState.JobDuration> durations, int stuck,
                           List<OperationalState.LabelledCount> orders, List<OperationalState.LabelledCount> refusals,
                           long reservationsExpired, List<OperationalState.LabelledCount> refunds,
                           List<OperationalState.LabelledCount> paymentsInDoubt,
                           List<OperationalState.Discrepancies> discrepancies,
                           OperationalState.OutboxState outbox,
                           List<OperationalState.OpenDeadLetters> deadLetters,
                           List<OperationalState.LabelledCount> rateLimited) {

        /**
         * Reads every number in one read-only REPEATABLE READ transaction: all of them describe the same moment (an
         * order cancelled by expiry is not counted PLACED beside its reservation already counted EXPIRED).
         */
        public static Snapshot read(com.bazaar.postgres.Database database, Instant now, Duration stuckAfter) {
            var transaction = new org.springframework.transaction.support.TransactionTemplate(
                    database.transactionManager());
            transaction.setReadOnly(true);
            transaction.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
            OperationalState state = new OperationalState(database.jdbc());
            return transaction.execute(status -> new Snapshot(state.jobExecutions(), state.jobItems(),
                    state.lastDurations(), state.stuckJobs(now, stuckAfter).size(), state.ordersByStatus(),
                    state.orderRefusals(), state.reservationsExpired(), state.refundsByStatus(),
                    state.paymentsInDoubt(), state.openDiscrepancies(), state.outbox(now),
                    state.openDeadLetters(), state.rateLimited()));
        }
    }

    private enum Kind { COUNTER, GAUGE }

    /** The statuses an execution never leaves: Spring Batch's, and REJECTED (a refused run: ADR 0013). */
    private static final List<String> FINISHED = List.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED", "REJECTED");

    private record Series(String name, Kind kind, String description, String baseUnit, Tags tags) {
    }

    private final MeterRegistry registry;
    private final Duration stuckAfter;
    private final Map<Series, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    /**
     * @param jobs the names of every job: each one's finished executions are counted by status from 0 before any
     *             executions exist, so a first failure is an increase from 0 that an alert on
     *             {@code increase(...)} sees, not a new series it cannot
     */
    public StateMeters(MeterRegistry registry, Duration stuckAfter, List<String> jobs) {
        this.registry = registry;
        this.stuckAfter = stuckAfter;
        for (String job : jobs) {
            for (String status : FINISHED) {
                values.computeIfAbsent(executions(job, status), this::register);
            }
        }
    }

    /** Sets every series to the snapshot's value, registering the new ones; series not in it read 0. */
    public synchronized void update(Snapshot snapshot) {
        Map<Series, Double> next = series(snapshot);
        Set<Series> seen = new HashSet<>(next.keySet());
        next.forEach((series, value) -> values.computeIfAbsent(series, this::register).set(value));
        values.forEach((series, value) -> {
            if (!seen.contains(series)) {
                value.set(0.0);
            }
        });
    }

    private AtomicReference<Double> register(Series series) {
        AtomicReference<Double> value = new AtomicReference<>(0.0);
        if (series.kind() == Kind.COUNTER) {
            FunctionCounter.builder(series.name(), value, AtomicReference::get).description(series.description())
                    .tags(series.tags()).register(registry);
        } else {
            Gauge.builder(series.name(), value, AtomicReference::get).description(series.description())
                    .baseUnit(series.baseUnit()).tags(series.tags()).register(registry);
        }
        return value;
    }

    private Map<Series, Double> series(Snapshot s) {
        Map<Series, Double> out = new LinkedHashMap<>();
        for (var c : s.executions()) {
            // a finished execution keeps its status, so those counts only grow (counters); running ones are gauges
            if (FINISHED.contains(c.status())) {
                out.put(executions(c.job(), c.status()), (double) c.count());
            } else {
                out.put(gauge("bazaar.jobs.running", "Batch job executions not finished, by job and status",
                        "job", c.job(), "status", c.status()), (double) c.count());
            }
        }
        String items = "Items of batch jobs, by job and kind (read, written, skipped)";
        for (var i : s.items()) {
            out.put(counter("bazaar.job.items", items, "job", i.job(), "kind", "read"), (double) i.read());
            out.put(counter("bazaar.job.items", items, "job", i.job(), "kind", "written"), (double) i.written());
            out.put(counter("bazaar.job.items", items, "job", i.job(), "kind", "skipped"), (double) i.skipped());
        }
        for (var d : s.durations()) {
            out.put(new Series("bazaar.job.last.duration", Kind.GAUGE,
                    "Duration of the latest finished execution of each job", "seconds", Tags.of("job", d.job())),
                    d.seconds());
        }
        out.put(gauge("bazaar.jobs.stuck", "Executions without progress for " + stuckAfter.toMinutes() + " minutes"),
                (double) s.stuck());
        long placed = 0;
        for (var o : s.orders()) {
            placed += o.count();
            out.put(gauge("bazaar.orders", "Orders, by current status", "status", o.label()), (double) o.count());
        }
        out.put(counter("bazaar.orders.placed", "Orders placed (orders are never deleted)"), (double) placed);
        for (var r : s.refusals()) {
            out.put(counter("bazaar.orders.refused", "Orders refused, by the rule that refused them",
                    "reason", r.label()), (double) r.count());
        }
        for (var r : s.rateLimited()) {
            out.put(counter("bazaar.rate.limited", "Requests refused by a rate limit, by the limit's scope",
                    "scope", r.label()), (double) r.count());
        }
        out.put(counter("bazaar.reservations.expired", "Stock reservations released by expiry"),
                (double) s.reservationsExpired());
        for (var r : s.refunds()) {
            if (r.label().equals("SUCCEEDED") || r.label().equals("FAILED")) {
                out.put(counter("bazaar.refunds", "Refunds with a final outcome, by outcome", "status", r.label()),
                        (double) r.count());
            } else {
                out.put(gauge("bazaar.refunds.in.doubt", "Refunds waiting for the provider's final answer, by status",
                        "status", r.label()), (double) r.count());
            }
        }
        for (var p : s.paymentsInDoubt()) {
            out.put(gauge("bazaar.payments.in.doubt", "Payments waiting for the provider's final answer, by status",
                    "status", p.label()), (double) p.count());
        }
        for (var d : s.discrepancies()) {
            out.put(gauge("bazaar.reconciliation.discrepancies", "Open reconciliation discrepancies",
                    "provider", d.provider(), "category", d.category()), (double) d.count());
        }
        out.put(gauge("bazaar.outbox.backlog", "Outbox events committed but not yet published to Kafka"),
                (double) s.outbox().unpublished());
        out.put(new Series("bazaar.outbox.oldest", Kind.GAUGE,
                "How long the oldest unpublished outbox event has waited (0 when none waits)", "seconds", Tags.empty()),
                s.outbox().oldestSeconds());
        out.put(counter("bazaar.events.published", "Outbox events published to Kafka and marked published"),
                (double) s.outbox().published());
        for (var d : s.deadLetters()) {
            out.put(gauge("bazaar.dlq.messages", "Dead letters waiting for an operator (neither replayed nor discarded),"
                    + " by the topic they came from and the consumer that gave up", "topic", d.topic(), "consumer",
                    d.consumer()), (double) d.count());
        }
        return out;
    }

    private static Series executions(String job, String status) {
        return counter("bazaar.job.executions", "Finished batch job executions, by job and final status", "job", job,
                "status", status);
    }

    private static Series counter(String name, String description, String... tags) {
        return new Series(name, Kind.COUNTER, description, null, Tags.of(tags));
    }

    private static Series gauge(String name, String description, String... tags) {
        return new Series(name, Kind.GAUGE, description, null, Tags.of(tags));
    }
}
