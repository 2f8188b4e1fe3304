package com.bazaar.cli.serve;

import com.bazaar.cli.metrics.HealthChecks;
import com.bazaar.cli.metrics.HealthChecks.Check;
import com.bazaar.cli.metrics.OperationalState;
import com.bazaar.cli.metrics.StateMeters;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.events.consumers.Topics;
import com.bazaar.postgres.Migrations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the server knows of the system's health and state, refreshed on a schedule (not on every request, so a
 * scrape or a load balancer's probe never queries the database): the four health checks of {@code bazaar health}
 * and the state meters of the metrics file, and - when a Kafka is there - each consumer group's lag as the broker
 * sees it. The audit chain is walked less often (it reads the whole trail).
 * {@code /actuator/health} and the bazaar_health_* gauges both read the latest refresh, so they always agree.
 */
public final class Monitor {

    public static final List<String> CHECKS = List.of("database", "migrations", "jobs", "audit_chain");

    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    /** The latest result of every check, and when it was taken; empty until the first refresh. */
    public record Result(Check check, Instant checkedAt) {
    }

    /** How long the broker may take to answer for the lag at each refresh. */
    private static final Duration LAG_PATIENCE = Duration.ofSeconds(5);

    private final ServeRuntime runtime;
    private final StateMeters state;
    private final Map<String, AtomicReference<Double>> lags = new LinkedHashMap<>();
    private volatile Map<String, Result> results = Map.of();
    private Result auditChain;
    /** 1 intact, 0 broken, NaN not verified (the token may not, or the walk failed): never 0 for "could not look". */
    private volatile double auditChainValid = Double.NaN;

    public Monitor(ServeRuntime runtime, MeterRegistry registry) {
        this.runtime = runtime;
        this.state = new StateMeters(registry, runtime.settings().stuckAfter(),
                com.bazaar.cli.wiring.BatchRuntime.JOBS);
        Gauge.builder("bazaar.health.up", this, m -> m.up().map(up -> up ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 when every health check passes").register(registry);
        for (String check : CHECKS) {
            Gauge.builder("bazaar.health.check", this, m -> m.ok(check))
                    .description("1 when the health check passes").tag("check", check).register(registry);
        }
        Gauge.builder("bazaar.audit.chain.valid", this, m -> m.auditChainValid)
                .description("1 when the audit hash chain verified intact").register(registry);
        if (runtime.settings().events().isPresent()) {
            for (String consumer : WorkerRuntime.CONSUMERS) {
                AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
                Gauge.builder("bazaar_consumer_lag", value, AtomicReference::get)
                        .description("records of the consumer's topics its group has not committed yet")
                        .tag("consumer", consumer).register(registry);
                lags.put(consumer, value);
            }
        }
    }

    /**
     * Reads every consumer group's lag from the broker (when a Kafka is there): the broker's view, so it keeps growing
     * while no worker runs. NaN while the broker does not answer.
     */
    private void readLags() {
        var events = runtime.settings().events();
        if (events.isEmpty()) {
            return;
        }
        try {
            for (var lag : WorkerRuntime.lags(events.get().connection(), new Topics(events.get().topicPrefix()),
                    LAG_PATIENCE)) {
                lags.get(lag.consumer()).set((double) lag.records());
            }
        } catch (RuntimeException e) {
            lags.values().forEach(value -> value.set(Double.NaN));
            log.debug("cannot read the consumers' lag: {}", e.toString());
        }
    }

    /** Re-runs the checks (the audit chain only when it is due) and re-reads the state meters. */
    public synchronized void refresh() {
        Instant now = runtime.clock().instant();
        Map<String, Result> next = new LinkedHashMap<>();
        var services = runtime.services();
        Check database = HealthChecks.database(services, runtime.databaseDescription());
        next.put("database", new Result(database, now));
        String notChecked = "the database is unreachable";
        if (database.ok()) {
            try {
                notChecked = "the schema is not current";
                Migrations.SchemaState schema = services.migrations().check();
                next.put("migrations", new Result(HealthChecks.migrations(schema), now));
                if (schema == Migrations.SchemaState.CURRENT) {
                    var operational = new OperationalState(services.database().jdbc());
                    var stuckAfter = runtime.settings().stuckAfter();
                    next.put("jobs", new Result(HealthChecks.jobs(operational, now, stuckAfter), now));
                    next.put("audit_chain", auditChain(now));
                    state.update(StateMeters.Snapshot.read(runtime.metrics(), now, stuckAfter));
                }
            } catch (RuntimeException e) {
                notChecked = "the check failed: " + e.getMessage();
            }
        }
        readLags();
        for (String check : CHECKS) {
            next.putIfAbsent(check, new Result(new Check(check, false, "not checked: " + notChecked), now));
        }
        Map<String, Result> previous = results;
        results = Map.copyOf(next);
        next.forEach((name, result) -> {
            Result before = previous.get(name);
            if (before == null || before.check().ok() != result.check().ok()) {
                if (result.check().ok()) {
                    log.info("health check {} ok: {}", name, result.check().detail());
                } else {
                    log.warn("health check {} FAILED: {}", name, result.check().detail());
                }
            }
        });
    }

    private Result auditChain(Instant now) {
        boolean due = auditChain == null || !auditChain.check().ok()
                || !now.isBefore(auditChain.checkedAt().plus(runtime.settings().verifyAuditEvery()));
        if (due) {
            try {
                var actor = runtime.actor(ServeRuntime.correlationId("audit-verify"), "health check of bazaar serve");
                auditChain = new Result(HealthChecks.auditChain(runtime.services(), actor), now);
                auditChainValid = !auditChain.check().verified() ? Double.NaN : auditChain.check().ok() ? 1.0 : 0.0;
            } catch (RuntimeException e) {
                // e.g. the server's token was revoked: health fails (someone must act), but nobody tampered with
                // the trail, so the chain gauge says "unknown" rather than "broken" (BazaarAuditChainBroken)
                auditChain = new Result(new Check("audit_chain", false, "not verified: " + e.getMessage()), now);
                auditChainValid = Double.NaN;
            }
        }
        return auditChain;
    }

    /** The latest result of one check, if it ran. */
    public Optional<Result> result(String check) {
        return Optional.ofNullable(results.get(check));
    }

    /** True when every check passed at the latest refresh; empty before the first. */
    public Optional<Boolean> up() {
        Map<String, Result> current = results;
        return current.isEmpty() ? Optional.empty()
                : Optional.of(current.values().stream().allMatch(r -> r.check().ok()));
    }

    private double ok(String check) {
        return result(check).map(r -> r.check().ok() ? 1.0 : 0.0).orElse(Double.NaN);
    }
}
