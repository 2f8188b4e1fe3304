package com.bazaar.cli.worker;

import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.KafkaConnection;
import com.bazaar.events.consumers.ConsumerLag;
import com.bazaar.domain.order.application.ScheduleReservationExpiry;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.CacheInvalidation;
import com.bazaar.events.consumers.DeadLetterMirror;
import com.bazaar.events.consumers.EventConsumer;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.ReservationExpiry;
import com.bazaar.events.consumers.SalesProjection;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker's consumers by name - {@code order-intake}, {@code sales}, {@code reservations}, {@code dead-letters} -
 * wired over the services (one database pool shared by every consumer thread) and started on the broker. With
 * {@code reservations}, the worker also releases the reservations that fell due, every {@link #RELEASE_EVERY}.
 */
public final class WorkerRuntime {

    /** Every consumer, in the order they start. */
    public static final List<String> CONSUMERS = List.of(OrderIntake.NAME, ProjectSales.CONSUMER,
            ScheduleReservationExpiry.CONSUMER, DeadLetterMirror.NAME);

    /** How often a worker running {@code reservations} releases the reservations that fell due. */
    public static final Duration RELEASE_EVERY = Duration.ofSeconds(1);

    private WorkerRuntime() {
    }

    /**
     * The consumer that runs only where a cache is configured ({@code --cache}), and then by default too. It is not
     * among {@link #CONSUMERS}, whose lag serve watches: an installation without a cache never runs it.
     */
    public static final String CACHE_CONSUMER = CacheInvalidation.NAME;

    /** The names asked for, checked: every consumer when none is given. */
    public static Set<String> select(List<String> only) {
        return select(only, false);
    }

    /** The names asked for, checked: every consumer when none is given ({@link #CACHE_CONSUMER} with a cache). */
    public static Set<String> select(List<String> only, boolean cache) {
        if (only == null || only.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(CONSUMERS);
            if (cache) {
                all.add(CACHE_CONSUMER);
            }
            return all;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : only) {
            String consumer = name.strip();
            if (consumer.equals(CACHE_CONSUMER) && !cache) {
                throw new IllegalArgumentException("consumer '" + CACHE_CONSUMER + "' needs a cache (--cache or"
                        + " BAZAAR_CACHE)");
            }
            if (!CONSUMERS.contains(consumer) && !consumer.equals(CACHE_CONSUMER)) {
                throw new IllegalArgumentException("no consumer '" + consumer + "' (consumers: "
                        + String.join(", ", CONSUMERS) + ", " + CACHE_CONSUMER + " with a cache)");
            }
            chosen.add(consumer);
        }
        return chosen;
    }

    /** The topics every consumer reads: the dead-letter consumer mirrors the dead-letter topic of each. */
    static List<String> consumedTopics(Topics topics) {
        List<String> all = new ArrayList<>(OrderIntake.topicsOf(topics));
        all.addAll(SalesProjection.topicsOf(topics));
        return all;
    }

    /** The topics of each consumer, in {@link #CONSUMERS} order: what its group reads (for its lag). */
    public static Map<String, List<String>> topicsByConsumer(Topics topics) {
        Map<String, List<String>> byConsumer = new LinkedHashMap<>();
        byConsumer.put(OrderIntake.NAME, OrderIntake.topicsOf(topics));
        byConsumer.put(ProjectSales.CONSUMER, SalesProjection.topicsOf(topics));
        byConsumer.put(ScheduleReservationExpiry.CONSUMER, List.of(topics.events("order")));
        byConsumer.put(DeadLetterMirror.NAME, consumedTopics(topics).stream().map(Topics::deadLetters).toList());
        return byConsumer;
    }

    /** {@link #lags(KafkaConnection, Topics, Duration)} over a plaintext connection without authentication. */
    public static List<ConsumerLag.Lag> lags(String bootstrapServers, Topics topics, Duration timeout) {
        return lags(KafkaConnection.plaintext(bootstrapServers), topics, timeout);
    }

    /**
     * Every consumer's lag on the broker of {@code connection}, as a worker started there would name its groups
     * ({@code bazaar-<consumer>}); an {@link IllegalStateException} when the broker does not answer within
     * {@code timeout}.
     */
    public static List<ConsumerLag.Lag> lags(KafkaConnection connection, Topics topics, Duration timeout) {
        String prefix = topics.groupPrefix();
        List<ConsumerLag.Lag> lags = new ArrayList<>();
        try (var lag = ConsumerLag.connect(connection, timeout)) {
            topicsByConsumer(topics).forEach((consumer, read) -> lags.add(lag.of(consumer, prefix + consumer, read)));
        }
        return lags;
    }

    /**
     * Makes the consumer start over (only {@code sales} has a read model to rebuild): its group's committed offsets
     * are deleted (the group restarts at the earliest record; refused with an {@link IllegalStateException} while a
     * worker runs it), then its read model, its record of orders and refunds and its {@code processed_events} rows are
     * emptied in one transaction. Run before the worker starts.
     */
    public static void rebuild(Services services, Worker.Settings settings, String consumer) {
        if (!consumer.equals(ProjectSales.CONSUMER)) {
            throw new IllegalArgumentException("only '" + ProjectSales.CONSUMER + "' has a read model to rebuild");
        }
        Worker.startOver(settings, consumer);
        services.projectSales().rebuild();
    }

    /**
     * Starts the chosen consumers. The order intake runs only if the worker's own user may place orders, the
     * reservations consumer only if it may release expired reservations (refused and audited otherwise, before
     * anything starts).
     */
    public static Worker start(Services services, Actor worker, Topics topics, Set<String> chosen,
                               Worker.Settings settings, ConsumerMetrics metrics) {
        if (chosen.contains(OrderIntake.NAME)) {
            services.takeOrderRequest().authoriseWorker(worker);
        }
        if (chosen.contains(ScheduleReservationExpiry.CONSUMER)) {
            services.releaseDueReservations().authoriseWorker(worker);
        }
        Worker started = Worker.start(settings, metrics, template -> {
            List<EventConsumer> consumers = new ArrayList<>();
            if (chosen.contains(OrderIntake.NAME)) {
                consumers.add(new OrderIntake(topics, services.takeOrderRequest(), worker, template));
            }
            if (chosen.contains(ProjectSales.CONSUMER)) {
                consumers.add(new SalesProjection(topics, services.projectSales()));
            }
            if (chosen.contains(ScheduleReservationExpiry.CONSUMER)) {
                consumers.add(new ReservationExpiry(topics, services.scheduleReservationExpiry()));
            }
            if (chosen.contains(CACHE_CONSUMER)) {
                consumers.add(new CacheInvalidation(topics, services.cacheEvictions()));
            }
            if (chosen.contains(DeadLetterMirror.NAME)) {
                consumers.add(new DeadLetterMirror(topicsByConsumer(topics).get(DeadLetterMirror.NAME),
                        services.recordDeadLetter()));
            }
            return consumers;
        });
        if (chosen.contains(ScheduleReservationExpiry.CONSUMER)) {
            started.every(RELEASE_EVERY, "releasing due reservations",
                    () -> services.releaseDueReservations().release(worker));
        }
        return started;
    }
}
