package com.bazaar.events.consumers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumers' metrics: {@code bazaar_consumer_processed_total{consumer,outcome}} (outcome: what the consumer did,
 * or {@code failed} for an attempt that failed, {@code dead_lettered} for a record sent to the dead-letter topic) and
 * {@code bazaar_consumer_lag{consumer}} (records of its topics not yet committed by its group) and
 * {@code bazaar_consumer_paused{consumer}} (1 while back-pressure holds it).
 */
public final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> paused = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void processed(String consumer, String outcome) {
        Counter.builder("bazaar_consumer_processed").description("records handled by a worker's consumer, by outcome")
                .tag("consumer", consumer).tag("outcome", outcome).register(registry).increment();
    }

    public void lag(String consumer, long records) {
        lags.computeIfAbsent(consumer, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("bazaar_consumer_lag", value, AtomicLong::get)
                    .description("records of the consumer's topics its group has not committed yet")
                    .tag("consumer", name).register(registry);
            return value;
        }).set(records);
    }

    /** {@code bazaar_consumer_paused{consumer}}: 1 while back-pressure holds the consumer, 0 otherwise. */
    public void paused(String consumer, boolean now) {
        paused.computeIfAbsent(consumer, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("bazaar_consumer_paused", value, AtomicLong::get)
                    .description("1 while the consumer is paused because its records are too slow")
                    .tag("consumer", name).register(registry);
            return value;
        }).set(now ? 1 : 0);
    }

    public long lag(String consumer) {
        AtomicLong value = lags.get(consumer);
        return value == null ? -1 : value.get();
    }
}
