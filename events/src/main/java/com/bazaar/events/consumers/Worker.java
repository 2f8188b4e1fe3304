package com.bazaar.events.consumers;

import com.bazaar.events.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs consumers, each in its own consumer group ({@code <group prefix><name>}) on Spring Kafka listener containers,
 * until closed. Offsets are committed once the records of a poll (at most 100) are handled - not after each record,
 * which cost a round trip to the broker per record; every consumer applies a record once whatever redelivers it
 * (its marker is written in its effect's transaction), so a crash in between only makes those records come again. A
 * failure is handled by Spring Kafka's
 * {@link DefaultErrorHandler}: a transient one ({@link Failures}) is retried in place with bounded exponential backoff
 * - the partition waits, so the records of one key stay in order - and a record that still fails, is poison
 * ({@link Poison}) or fails for good goes to {@code <topic>.dlt} through a {@link DeadLetterPublishingRecoverer} with
 * headers saying why ({@link EventHeaders#DLT_REASON}), which consumer and after how many attempts. The dead-letter
 * record is partitioned by its key (not the original partition number, which the dead-letter topic may not have). If
 * publishing the dead letter fails too, the record is retried again: nothing is lost.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /**
     * Where the broker is and how to connect to it, how groups are named, and how transient failures are retried.
     * {@link #of(String)} and the {@code String} constructor: a plaintext connection without authentication.
     */
    public record Settings(KafkaConnection connection, String groupPrefix, Duration firstRetry,
                           Duration maxRetryInterval, int maxRetries, Duration lagEvery, int concurrency,
                           Duration slowAbove, Duration pauseFor) {

        /** A record taking longer than this makes a consumer with back-pressure pause ({@link BackPressure}). */
        public static final Duration DEFAULT_SLOW_ABOVE = Duration.ofSeconds(2);
        /** How long such a consumer pauses before it tries again. */
        public static final Duration DEFAULT_PAUSE_FOR = Duration.ofSeconds(5);

        /** Consumer threads per consumer unless {@code --concurrency} says otherwise. */
        public static final int DEFAULT_CONCURRENCY = 1;
        /** At most this many threads per consumer (more than a topic's partitions would sit idle anyway). */
        public static final int MAX_CONCURRENCY = 64;

        public Settings {
            java.util.Objects.requireNonNull(connection, "connection");
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("the concurrency must be 1 to " + MAX_CONCURRENCY);
            }
            if (slowAbove.isNegative() || slowAbove.isZero() || pauseFor.isNegative() || pauseFor.isZero()) {
                throw new IllegalArgumentException("the slow threshold and the pause must be positive");
            }
        }

        public static Settings of(String bootstrapServers) {
            return of(KafkaConnection.plaintext(bootstrapServers));
        }

        public static Settings of(KafkaConnection connection) {
            return new Settings(connection, "bazaar-", Duration.ofMillis(500), Duration.ofSeconds(30), 10,
                    Duration.ofSeconds(15), DEFAULT_CONCURRENCY, DEFAULT_SLOW_ABOVE, DEFAULT_PAUSE_FOR);
        }

        public String bootstrapServers() {
            return connection.bootstrapServers();
        }

        public Settings withGroupPrefix(String prefix) {
            return new Settings(connection, prefix, firstRetry, maxRetryInterval, maxRetries, lagEvery, concurrency,
                    slowAbove, pauseFor);
        }

        public Settings withRetries(Duration first, Duration max, int retries) {
            return new Settings(connection, groupPrefix, first, max, retries, lagEvery, concurrency, slowAbove,
                    pauseFor);
        }

        public Settings withLagEvery(Duration every) {
            return new Settings(connection, groupPrefix, firstRetry, maxRetryInterval, maxRetries, every, concurrency,
                    slowAbove, pauseFor);
        }

        /**
         * Consumer threads per consumer, each with partitions of its own (records of one key stay on one partition,
         * so in order); more threads than partitions sit idle.
         */
        public Settings withConcurrency(int threads) {
            return new Settings(connection, groupPrefix, firstRetry, maxRetryInterval, maxRetries, lagEvery, threads,
                    slowAbove, pauseFor);
        }

        /** Back-pressure: a record slower than {@code slow} pauses the consumer for {@code pause} ({@link BackPressure}). */
        public Settings withBackPressure(Duration slow, Duration pause) {
            return new Settings(connection, groupPrefix, firstRetry, maxRetryInterval, maxRetries, lagEvery,
                    concurrency, slow, pause);
        }
    }

    private final Settings settings;
    private final ConsumerMetrics metrics;
    private final DefaultKafkaProducerFactory<String, String> producers;
    private final KafkaTemplate<String, String> template;
    private final List<ConcurrentMessageListenerContainer<String, String>> containers = new ArrayList<>();
    private final Map<String, List<String>> topicsOf = new HashMap<>();
    /** The consumers with back-pressure, by name, and their containers. */
    private final Map<String, BackPressure> pressures = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentMessageListenerContainer<String, String>> containerOf = new HashMap<>();
    private final Admin admin;
    private final ScheduledExecutorService lagReader;
    private final ScheduledExecutorService timers;

    private Worker(Settings settings, ConsumerMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.producers = new DefaultKafkaProducerFactory<>(producerConfig(settings.connection()),
                new StringSerializer(), new StringSerializer());
        this.template = new KafkaTemplate<>(producers);
        this.admin = Admin.create(settings.connection().config(Map.of()));
        this.lagReader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bazaar-worker-lag");
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bazaar-worker-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@link #producerConfig(KafkaConnection)} on a plaintext connection without authentication. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return producerConfig(KafkaConnection.plaintext(bootstrapServers));
    }

    /** The producer settings of every Bazaar producer: acknowledged by all in-sync replicas, idempotent. */
    public static Map<String, Object> producerConfig(KafkaConnection connection) {
        // linger 0: a consumer sends one record (a result, a dead letter) and waits for it; nothing would join it
        return connection.config(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000));
    }

    /**
     * Starts the consumers; the topics they read and their dead-letter topics are created when missing (with the
     * broker's default partitions). The consumers built by {@code consumers} may publish with the worker's template.
     */
    public static Worker start(Settings settings, ConsumerMetrics metrics,
                               java.util.function.Function<KafkaTemplate<String, String>, List<EventConsumer>> consumers) {
        Worker worker = new Worker(settings, metrics);
        try {
            List<EventConsumer> list = consumers.apply(worker.template);
            worker.createMissingTopics(list);
            for (EventConsumer consumer : list) {
                var container = worker.container(consumer);
                worker.containers.add(container);
                worker.containerOf.put(consumer.name(), container);
                worker.topicsOf.put(consumer.name(), consumer.topics());
            }
            worker.containers.forEach(ConcurrentMessageListenerContainer::start);
            if (!worker.pressures.isEmpty()) {
                worker.timers.scheduleWithFixedDelay(worker::relievePressure, 250, 250, TimeUnit.MILLISECONDS);
            }
            long every = settings.lagEvery().toMillis();
            worker.lagReader.scheduleWithFixedDelay(worker::readLag, Math.min(every, 1000), every, TimeUnit.MILLISECONDS);
            return worker;
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
    }

    /**
     * Makes the consumer's group start again from the beginning of its topics (its committed offsets are deleted:
     * with {@code auto.offset.reset=earliest} the next start reads everything). Refused while a worker runs it.
     */
    public static void startOver(Settings settings, String consumer) {
        String group = settings.groupPrefix() + consumer;
        try (Admin admin = Admin.create(settings.connection().config(Map.of()))) {
            Broker.await(admin.deleteConsumerGroups(List.of(group)).all(), "cannot reset consumer group " + group);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException) {
                throw new IllegalStateException("consumer " + consumer + " is running in another worker (group "
                        + group + "): stop it first");
            }
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    /**
     * Runs {@code task} every {@code period} (the first time at once) until the worker is closed: work of a consumer
     * driven by time rather than by records (e.g. releasing the reservations that fell due). A failing run is logged
     * and the next one comes at its time.
     */
    public void every(Duration period, String name, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed (tried again in {}): {}", name, period, describe(e));
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the consumer is paused by back-pressure (its records were too slow: {@link BackPressure}). */
    public boolean paused(String consumer) {
        BackPressure pressure = pressures.get(consumer);
        return pressure != null && pressure.paused();
    }

    /** Pauses a consumer whose records are too slow, and lets it go on once its pause is over. */
    private void relievePressure() {
        long now = System.nanoTime();
        pressures.forEach((name, pressure) -> {
            var container = containerOf.get(name);
            try {
                if (!pressure.paused() && pressure.slow(now)) {
                    pressure.pause(now);
                    container.pause();
                    metrics.paused(name, true);
                    log.warn("consumer {} paused for {}: its records take longer than {} (the database is slow or"
                            + " busy); the backlog waits in Kafka", name, settings.pauseFor(), settings.slowAbove());
                } else if (pressure.pauseOver(now)) {
                    pressure.resumed();
                    container.resume();
                    metrics.paused(name, false);
                    log.info("consumer {} takes records again after a pause of {}", name, settings.pauseFor());
                }
            } catch (RuntimeException e) {
                log.warn("back-pressure of consumer {}: {}", name, e.toString());
            }
        });
    }

    /** The template consumers publish with (acks=all, idempotent). */
    public KafkaTemplate<String, String> template() {
        return template;
    }

    /** True while every consumer's container runs. */
    public boolean running() {
        return containers.stream().allMatch(ConcurrentMessageListenerContainer::isRunning);
    }

    private void createMissingTopics(List<EventConsumer> consumers) {
        Set<String> wanted = new HashSet<>();
        for (EventConsumer consumer : consumers) {
            for (String topic : consumer.topics()) {
                wanted.add(topic);
                if (consumer.deadLetters()) {
                    wanted.add(Topics.deadLetters(topic));
                }
            }
        }
        Set<String> existing = Broker.await(admin.listTopics().names(), "cannot list the topics on "
                + settings.bootstrapServers());
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t))
                .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
        try {
            if (!missing.isEmpty()) {
                Broker.await(admin.createTopics(missing).all(), "cannot create the worker's topics");
            }
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }

    private ConcurrentMessageListenerContainer<String, String> container(EventConsumer consumer) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupPrefix() + consumer.name());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // a worker that died (kill -9, a lost host) hands its partitions over after 10 s, not Kafka's 45: a live one
        // heartbeats every 3 s from a thread of its own, so only a JVM frozen for 10 s is taken for dead
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var factory = new DefaultKafkaConsumerFactory<>(settings.connection().config(config), new StringDeserializer(),
                new StringDeserializer());
        var properties = new ContainerProperties(consumer.topics().toArray(String[]::new));
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setClientId("bazaar-" + consumer.name());
        properties.setShutdownTimeout(10_000);
        // a pause takes effect after the record in progress, not after the rest of its poll's (up to 100): those
        // are sought back and come again after the pause
        properties.setPauseImmediate(true);
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        BackPressure pressure = consumer.backPressure()
                ? pressures.computeIfAbsent(consumer.name(), n -> new BackPressure(settings.slowAbove(),
                settings.pauseFor())) : null;
        properties.setMessageListener((MessageListener<String, String>) record -> {
            String outcome;
            if (pressure != null) {
                pressure.started(System.nanoTime());
            }
            try {
                outcome = consumer.handle(record);
            } catch (RuntimeException e) {
                int attempt = attempts.merge(coordinates(record), 1, Integer::sum);
                metrics.processed(consumer.name(), "failed");
                boolean retry = Failures.isTransient(e);
                log.warn("consumer {} failed on {} (attempt {}, {}): {}", consumer.name(), coordinates(record), attempt,
                        retry ? "transient, retried" : "not retried", e.toString());
                throw retry ? new TransientFailure(e) : e;
            } finally {
                if (pressure != null) {
                    pressure.finished(System.nanoTime());
                }
            }
            attempts.remove(coordinates(record));
            metrics.processed(consumer.name(), outcome);
        });
        var container = new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setBeanName("bazaar-worker-" + consumer.name());
        container.setConcurrency(settings.concurrency());
        container.setCommonErrorHandler(errorHandler(consumer, attempts));
        return container;
    }

    private DefaultErrorHandler errorHandler(EventConsumer consumer, Map<String, Integer> attempts) {
        if (!consumer.deadLetters()) {
            ExponentialBackOff forever = new ExponentialBackOff(settings.firstRetry().toMillis(), 2.0);
            forever.setMaxInterval(settings.maxRetryInterval().toMillis());
            DefaultErrorHandler handler = new DefaultErrorHandler(forever);
            handler.setClassifications(Map.of(), true); // everything is retried: this consumer has nowhere else to go
            return handler;
        }
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetters(record.topic()), -1));
        recoverer.setHeadersFunction((record, e) -> {
            Throwable cause = unwrap(e);
            String reason = cause instanceof Poison poison ? poison.reason()
                    : cause instanceof TransientFailure ? "RETRIES_EXHAUSTED" : "FAILED";
            Throwable shown = cause instanceof TransientFailure ? cause.getCause() : cause;
            int attempt = Math.max(1, Optional.ofNullable(attempts.remove(coordinates(record))).orElse(1));
            metrics.processed(consumer.name(), "dead_lettered");
            log.error("consumer {} gave up on {} after {} attempt(s): {} {}", consumer.name(), coordinates(record),
                    attempt, reason, describe(shown));
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(new RecordHeader(EventHeaders.DLT_REASON, EventHeaders.bytes(reason)));
            headers.add(new RecordHeader(EventHeaders.DLT_CONSUMER, EventHeaders.bytes(consumer.name())));
            headers.add(new RecordHeader(EventHeaders.DLT_ATTEMPTS, EventHeaders.bytes(Integer.toString(attempt))));
            headers.add(new RecordHeader(EventHeaders.DLT_ERROR, EventHeaders.bytes(describe(shown))));
            return headers;
        });
        var backOff = new ExponentialBackOffWithMaxRetries(settings.maxRetries());
        backOff.setInitialInterval(settings.firstRetry().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.setClassifications(Map.of(TransientFailure.class, true), false);
        return handler;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof org.springframework.kafka.listener.ListenerExecutionFailedException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The innermost cause, first line (a driver says more than its wrappers): what the dead letter shows. */
    private static String describe(Throwable e) {
        if (e == null) {
            return "";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage().lines().findFirst().orElse("");
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }

    /** Reads each consumer group's lag ({@link ConsumerLag}): the end offsets of its partitions minus its committed offsets. */
    private void readLag() {
        var lag = ConsumerLag.over(admin, Duration.ofSeconds(10));
        for (var entry : topicsOf.entrySet()) {
            try {
                metrics.lag(entry.getKey(), lag.of(entry.getKey(), settings.groupPrefix() + entry.getKey(),
                        entry.getValue()).records());
            } catch (IllegalStateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.debug("cannot read the lag of consumer {}: {}", entry.getKey(), e.toString());
            }
        }
    }

    /**
     * Stops the timed work (the run in hand finishes), the consumers (each finishes the record in hand and commits),
     * then the producer and the admin client.
     */
    @Override
    public void close() {
        lagReader.shutdownNow();
        timers.shutdown();
        try {
            if (!timers.awaitTermination(10, TimeUnit.SECONDS)) {
                timers.shutdownNow();
            }
        } catch (InterruptedException e) {
            timers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (var container : containers) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                log.warn("stopping {}: {}", container.getBeanName(), e.toString());
            }
        }
        producers.destroy();
        admin.close(Duration.ofSeconds(5));
    }

    /** A transient failure, marked so the error handler retries it (the classification is by exception type). */
    static final class TransientFailure extends RuntimeException {
        TransientFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
