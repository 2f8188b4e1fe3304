package com.bazaar.cli.serve;

import com.bazaar.events.relay.KafkaEventPublisher;
import com.bazaar.domain.operations.application.StartOperationsServer.Schedule;
import com.bazaar.domain.operations.application.StartOperationsServer.ScheduledTask;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code bazaar serve} runs: where it listens, how often each scheduled task runs (zero: never), how often it
 * re-reads the system's state for health and metrics, how often it walks the audit chain, when a job counts
 * as stuck, how often it anchors the audit chain head outside the database, and - when a Kafka cluster is configured
 * ({@code events}) - how often it relays the outbox there.
 */
public record ServeSettings(String bind, int port, Duration expireEvery, Duration settleEvery,
                            Duration refreshEvery, Duration verifyAuditEvery, Duration stuckAfter,
                            Duration anchorEvery, Duration relayEvery,
                            Optional<KafkaEventPublisher.Settings> events) {

    public ServeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        Objects.requireNonNull(events, "events");
        if (refreshEvery.isZero() || refreshEvery.isNegative()) {
            throw new IllegalArgumentException("the refresh interval must be positive");
        }
    }

    /** The scheduled tasks this server runs (those with a positive interval). */
    public List<Schedule> schedules() {
        List<Schedule> schedules = new ArrayList<>();
        if (expireEvery.toSeconds() > 0) {
            schedules.add(new Schedule(ScheduledTask.RESERVATION_EXPIRY, expireEvery.toSeconds()));
        }
        if (settleEvery.toSeconds() > 0) {
            schedules.add(new Schedule(ScheduledTask.PAYMENT_JANITOR, settleEvery.toSeconds()));
        }
        if (anchorEvery.toSeconds() > 0) {
            schedules.add(new Schedule(ScheduledTask.AUDIT_ANCHOR, anchorEvery.toSeconds()));
        }
        if (events.isPresent() && relayEvery.toSeconds() > 0) {
            schedules.add(new Schedule(ScheduledTask.EVENTS_RELAY, relayEvery.toSeconds()));
        }
        return schedules;
    }
}
