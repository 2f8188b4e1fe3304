package com.bazaar.domain.operations.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bazaar serve}: a long-running process that exposes health and metrics and does the scheduled work
 * (reservation expiry, the payment janitor, anchoring the audit chain, the outbox relay when Kafka is configured) as the person who started it. Starting it needs
 * ops.serve and the permission of every scheduled task it will run; the start is audited with where it listens and what it runs,
 * so the trail says who is behind the scheduled changes. Each scheduled run is authorised again by its own use
 * case, so a revoked token or a removed role stops the work at the next run.
 */
public final class StartOperationsServer {

    /** Work the server does on a schedule, and the permission each needs. */
    public enum ScheduledTask {
        RESERVATION_EXPIRY("reservation-expiry", Action.INVENTORY_RELEASE_EXPIRED),
        PAYMENT_JANITOR("payment-janitor", Action.PAYMENT_SETTLE_IN_DOUBT),
        AUDIT_ANCHOR("audit-anchor", Action.AUDIT_ANCHOR),
        /** Only when a Kafka cluster is configured. */
        EVENTS_RELAY("events-relay", Action.EVENTS_RELAY);

        private final String label;
        private final Action action;

        ScheduledTask(String label, Action action) {
            this.label = label;
            this.action = action;
        }

        public String label() {
            return label;
        }

        public Action action() {
            return action;
        }
    }

    /** One scheduled task and how often it runs, in seconds. */
    public record Schedule(ScheduledTask task, long everySeconds) {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final AuditTrail audit;
    private final Clock clock;

    public StartOperationsServer(Transactions transactions, Guard guard, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks ops.serve and each scheduled task's permission; throws PermissionDenied (itself audited) otherwise. */
    public void authorise(Actor actor, String listenAddress, List<Schedule> schedules) {
        guard.require(actor, Action.OPS_SERVE, "server " + listenAddress);
        for (Schedule schedule : schedules) {
            guard.require(actor, schedule.task().action(), "scheduled " + schedule.task().label());
        }
    }

    /** Authorises again and audits that the server now listens and which work it runs, before it runs any. */
    public void start(Actor actor, String listenAddress, List<Schedule> schedules) {
        authorise(actor, listenAddress, schedules);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("listen", listenAddress);
        Map<String, Object> scheduled = new LinkedHashMap<>();
        schedules.forEach(s -> scheduled.put(s.task().label(), "every " + s.everySeconds() + "s"));
        after.put("scheduled", scheduled);
        transactions.run(() -> audit.append(AuditEntry.change(clock.instant(), actor, Action.OPS_SERVE.code(),
                "server " + listenAddress, null, after)));
    }
}
