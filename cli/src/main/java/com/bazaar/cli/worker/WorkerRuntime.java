package com.bazaar.cli.worker;

import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.events.consumers.ConsumerLag;
import com.bazaar.events.consumers.ConsumerMetrics;
import com.bazaar.events.consumers.DeadLetterMirror;
import com.bazaar.events.consumers.EventConsumer;
import com.bazaar.events.consumers.OrderIntake;
import com.bazaar.events.consumers.SalesProjection;
import com.bazaar.events.consumers.Topics;
import com.bazaar.events.consumers.Worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker's consumers by name - {@code order-intake}, {@code sales}, {@code dead-letters} - wired over the services
 * (one database pool shared by every consumer thread) and started on the broker.
 */
public final class WorkerRuntime {

    /** Every consumer, in the order they start. */
    public static final List<String> CONSUMERS = List.of(OrderIntake.NAME, ProjectSales.CONSUMER, DeadLetterMirror.NAME);

    private WorkerRuntime() {
    }

    /** The names asked for, checked: every consumer when none is given. */
    public static Set<String> select(List<String> only) {
        if (only == null || only.isEmpty()) {
            return new LinkedHashSet<>(CONSUMERS);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : only) {
            if (!CONSUMERS.contains(name.strip())) {
                throw new IllegalArgumentException("no consumer '" + name.strip() + "' (consumers: "
                        + String.join(", ", CONSUMERS) + ")");
            }
            chosen.add(name.strip());
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
        byConsumer.put(DeadLetterMirror.NAME, consumedTopics(topics).stream().map(Topics::deadLetters).toList());
        return byConsumer;
    }

    /**
     * Every consumer's lag on the broker at {@code bootstrapServers}, as a worker started there would name its groups
     * ({@code bazaar-<consumer>}); an {@link IllegalStateException} when the broker does not answer within
     * {@code timeout}.
     */
    public static List<ConsumerLag.Lag> lags(String bootstrapServers, Topics topics, java.time.Duration timeout) {
        String prefix = Worker.Settings.of(bootstrapServers).groupPrefix();
        List<ConsumerLag.Lag> lags = new ArrayList<>();
        try (var lag = ConsumerLag.connect(bootstrapServers, timeout)) {
            topicsByConsumer(topics).forEach((consumer, read) -> lags.add(lag.of(consumer, prefix + consumer, read)));
        }
        return lags;
    }

    /**
     * Starts the chosen consumers. The order intake runs only if the worker's own user may place orders (refused and
     * audited otherwise, before anything starts).
     */
    public static Worker start(Services services, Actor worker, Topics topics, Set<String> chosen,
                               Worker.Settings settings, ConsumerMetrics metrics) {
        if (chosen.contains(OrderIntake.NAME)) {
            services.takeOrderRequest().authoriseWorker(worker);
        }
        return Worker.start(settings, metrics, template -> {
            List<EventConsumer> consumers = new ArrayList<>();
            if (chosen.contains(OrderIntake.NAME)) {
                consumers.add(new OrderIntake(topics, services.takeOrderRequest(), worker, template));
            }
            if (chosen.contains(ProjectSales.CONSUMER)) {
                consumers.add(new SalesProjection(topics, services.projectSales()));
            }
            if (chosen.contains(DeadLetterMirror.NAME)) {
                consumers.add(new DeadLetterMirror(topicsByConsumer(topics).get(DeadLetterMirror.NAME),
                        services.recordDeadLetter()));
            }
            return consumers;
        });
    }
}
