package com.bazaar.cli.serve;

import com.bazaar.domain.audit.application.AnchorAuditChain;
import com.bazaar.domain.event.application.RelayEvents;
import com.bazaar.domain.operations.application.StartOperationsServer.Schedule;
import com.bazaar.domain.operations.application.StartOperationsServer.ScheduledTask;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.events.relay.KafkaEventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's scheduled work, started once the web server listens: the audited start record, then the health and
 * state refresh, reservation expiry, the payment janitor (payments and refunds in doubt), the audit anchor and (with
 * Kafka) the outbox relay, each on its own thread with a fixed delay between runs
 * (a slow run is never overlapped by the next). Every run authenticates the token again, gets its own correlation
 * id, goes through the same application service as the command line (so it is authorised and audited there), and
 * is counted: bazaar_scheduled_runs_total{task,outcome}, bazaar_scheduled_duration_seconds{task},
 * bazaar_scheduled_items_total{task}. A failed run is logged and counted; the schedule goes on.
 */
final class ScheduledWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduledWork.class);

    private final ServeRuntime runtime;
    private final Monitor monitor;
    private final MeterRegistry registry;
    private final Environment environment;
    private ScheduledExecutorService executor;
    private KafkaEventPublisher publisher;
    private volatile boolean running;

    ScheduledWork(ServeRuntime runtime, Monitor monitor, MeterRegistry registry, Environment environment) {
        this.runtime = runtime;
        this.monitor = monitor;
        this.registry = registry;
        this.environment = environment;
    }

    /** Where the server listens, once it does (the real port when 0 was asked for). */
    String listenAddress() {
        return runtime.settings().bind() + ":" + environment.getProperty("local.server.port",
                String.valueOf(runtime.settings().port()));
    }

    @Override
    public void start() {
        var schedules = runtime.settings().schedules();
        var actor = runtime.actor(ServeRuntime.correlationId("start"), "bazaar serve started");
        runtime.services().startOperationsServer().start(actor, listenAddress(), schedules);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(1 + schedules.size(), work -> {
            Thread thread = new Thread(work, "bazaar-serve-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long refresh = runtime.settings().refreshEvery().toMillis();
        executor.scheduleWithFixedDelay(this::refresh, 0, refresh, TimeUnit.MILLISECONDS);
        for (Schedule schedule : schedules) {
            executor.scheduleWithFixedDelay(() -> run(schedule.task()), 0, schedule.everySeconds(), TimeUnit.SECONDS);
        }
        running = true;
    }

    private void refresh() {
        try {
            monitor.refresh();
        } catch (RuntimeException e) {
            log.error("refreshing health and metrics failed: {}", e.getMessage(), e);
        }
    }

    /** One run of one task; never throws (an exception would cancel the task's schedule). */
    void run(ScheduledTask task) {
        var correlationId = ServeRuntime.correlationId(task.label());
        MDC.put("correlation_id", correlationId.value());
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            var actor = runtime.actor(correlationId, "scheduled " + task.label() + " (bazaar serve)");
            MDC.put("actor", actor.name());
            int items = switch (task) {
                case RESERVATION_EXPIRY -> {
                    var result = runtime.services().releaseExpired().release(actor);
                    if (result.reservationsReleased() > 0) {
                        log.info("released {} expired reservation(s) of {} order(s)", result.reservationsReleased(),
                                result.ordersExpired());
                    }
                    yield result.reservationsReleased();
                }
                case PAYMENT_JANITOR -> {
                    var settled = runtime.services().settleInDoubtPayments().settle(actor);
                    if (settled.payments() + settled.refunds() > 0) {
                        log.info("settled {} payment(s) and {} refund(s) whose provider answer was not final",
                                settled.payments(), settled.refunds());
                    }
                    yield settled.payments() + settled.refunds();
                }
                case EVENTS_RELAY -> {
                    var relayed = runtime.services().relayEvents(publisher()).once(actor);
                    long published = relayed instanceof RelayEvents.Relayed r ? r.published() : 0;
                    if (published > 0) {
                        log.info("published {} event(s) to Kafka", published);
                    } else if (relayed instanceof RelayEvents.LeaseHeldElsewhere) {
                        log.debug("another relay holds the lease; nothing published by this server");
                    }
                    yield (int) published;
                }
                case AUDIT_ANCHOR -> {
                    var anchored = runtime.services().anchorAuditChain().anchor(actor);
                    if (anchored instanceof AnchorAuditChain.Refused refused) {
                        throw new WorkRefused(refused.reason()); // counted as failed: the chain needs a look
                    }
                    yield anchored instanceof AnchorAuditChain.Anchored ? 1 : 0;
                }
            };
            Counter.builder("bazaar.scheduled.items").description("What scheduled work did: reservations released,"
                    + " refunds settled, audit heads anchored, events published").tag("task", task.label()).register(registry).increment(items);
            outcome = "ok";
        } catch (PermissionDenied e) {
            outcome = "denied";
            log.error("scheduled {} refused: {}", task.label(), e.getMessage());
        } catch (WorkRefused e) {
            log.error("scheduled {} refused: {}", task.label(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("scheduled {} failed: {}", task.label(), e.getMessage(), e);
        } finally {
            sample.stop(Timer.builder("bazaar.scheduled.duration").description("How long a scheduled run took")
                    .tag("task", task.label()).register(registry));
            Counter.builder("bazaar.scheduled.runs").description("Scheduled runs, by task and outcome")
                    .tag("task", task.label()).tag("outcome", outcome).register(registry).increment();
            MDC.clear();
        }
    }

    /** A run that found a reason not to do its work (one sentence, no stack trace); counted as failed. */
    private static final class WorkRefused extends RuntimeException {
        WorkRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The Kafka producer of the events-relay task, made on its first run and closed when the server stops. */
    private synchronized KafkaEventPublisher publisher() {
        if (publisher == null) {
            publisher = new KafkaEventPublisher(runtime.settings().events().orElseThrow());
        }
        return publisher;
    }

    @Override
    public void stop() {
        running = false;
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("scheduled work did not finish within 30 s; stopping it");
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (publisher != null) {
                publisher.close();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
