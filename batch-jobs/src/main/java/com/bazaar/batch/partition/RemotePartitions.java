package com.bazaar.batch.partition;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.kafka.inbound.KafkaMessageDrivenChannelAdapter;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ends of remote partitioning over Kafka, and the step builders that use them.
 *
 * <p>Manager side: {@link #manager} builds a partitioned step with Spring Batch's
 * {@link RemotePartitioningManagerStepBuilder} in polling mode - it sends one {@link StepExecutionRequest} per
 * partition through {@link #requests()} and polls the shared job repository until every partition's step execution
 * has ended. Each request goes to the topic synchronously (acknowledged by every in-sync replica) before the manager
 * waits; request {@code i} of {@code n} goes to topic partition {@code i * P / n}, so that the contiguous ranges of
 * Kafka's range assignor spread one job's partitions over the workers.
 *
 * <p>Worker side: {@link #worker} builds the step a partition runs with {@link RemotePartitioningWorkerStepBuilder};
 * {@link PartitionWorker} consumes the requests (one at a time, the offset committed after the partition ended) and
 * hands each to {@link #work()}, the input channel of those steps, through its gate.
 */
public final class RemotePartitions {

    /** How often the manager reads the repository for the partitions' state. */
    static final long POLL_MILLIS = 500;

    private final DirectChannel requests = new DirectChannel();
    private final DirectChannel work = new DirectChannel();
    private final java.util.function.Supplier<Optional<PartitionTransport>> transport;
    private Optional<PartitionTransport> resolved;
    private final java.util.Set<String> workerSteps = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private KafkaTemplate<String, String> template;

    /** @param transport where requests go, asked for the first time a partitioned job needs it (it may start Kafka) */
    public RemotePartitions(java.util.function.Supplier<Optional<PartitionTransport>> transport) {
        this.transport = transport;
        requests.setComponentName("bazaar.partitionRequests");
        work.setComponentName("bazaar.partitionWork");
        requests.subscribe(send());
    }

    /** The channel the manager steps send their requests to. */
    public MessageChannel requests() {
        return requests;
    }

    /** The input channel of the worker steps. */
    public MessageChannel work() {
        return work;
    }

    public synchronized Optional<PartitionTransport> transport() {
        if (resolved == null) {
            resolved = transport.get();
        }
        return resolved;
    }

    /** A manager step: the partitions of {@code workerStep} that {@code partitioner} defines, run by the workers. */
    public Step manager(String name, String workerStep, Partitions.Counted partitioner, JobRepository repository,
                        BeanFactory beanFactory) {
        return new RemotePartitioningManagerStepBuilder(name, repository).partitioner(workerStep, partitioner)
                .listener(partitioner).outputChannel(requests).pollInterval(POLL_MILLIS).beanFactory(beanFactory)
                .build();
    }

    /** The builder of a worker step, fed by {@link #work()}; the step is found by its name, not its bean's. */
    public RemotePartitioningWorkerStepBuilder worker(String name, JobRepository repository,
                                                      ListableBeanFactory beanFactory) {
        workerSteps.add(name);
        return new RemotePartitioningWorkerStepBuilder(name, repository).inputChannel(work)
                .stepLocator(stepName -> beanFactory.getBeansOfType(Step.class).values().stream()
                        .filter(s -> s.getName().equals(stepName)).findFirst().orElse(null))
                .beanFactory(beanFactory);
    }

    /** Whether {@code name} is a step built by {@link #worker}: the only steps a request may name. */
    boolean isWorkerStep(String name) {
        return workerSteps.contains(name);
    }

    private MessageHandler send() {
        return message -> {
            PartitionTransport t = transport().orElseThrow(() -> new IllegalStateException(
                    "this job runs partitioned but no Kafka was given for its partition requests"));
            var request = (StepExecutionRequest) message.getPayload();
            var headers = new IntegrationMessageHeaderAccessor(message);
            int sequence = headers.getSequenceNumber();
            int size = Math.max(1, headers.getSequenceSize());
            int partition = (int) ((long) sequence * t.topicPartitions() / size);
            try {
                template().send(new ProducerRecord<>(t.topic(), partition, Long.toString(request.getStepExecutionId()),
                        PartitionRequest.text(request))).get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending partition requests", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot send a partition request to Kafka topic " + t.topic() + ": "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
        };
    }

    private synchronized KafkaTemplate<String, String> template() {
        if (template == null) {
            PartitionTransport t = transport().orElseThrow();
            createTopic(t);
            Map<String, Object> config = new HashMap<>(t.kafka());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "bazaar-batch-manager");
            template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                    new StringSerializer()));
        }
        return template;
    }

    /** Creates the request topic when it does not exist (with its partitions; replication as the cluster's default). */
    static void createTopic(PartitionTransport t) {
        try (Admin admin = Admin.create(new HashMap<>(t.kafka()))) {
            admin.createTopics(List.of(new NewTopic(t.topic(), Optional.of(t.topicPartitions()), Optional.empty())))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topic " + t.topic() + ": "
                        + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topic " + t.topic(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s creating topic " + t.topic(), e);
        }
    }

    /** The container that consumes requests for {@link PartitionWorker} (through {@link #inbound}). */
    static ConcurrentMessageListenerContainer<String, String> container(PartitionTransport t) {
        Map<String, Object> config = new HashMap<>(t.kafka());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, t.group());
        // requests sent before this worker joined are its to take, as long as nobody committed past them
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // one partition at a time, its offset committed once it ended: a worker that dies mid-partition leaves the
        // request uncommitted, and the member that takes over its Kafka partitions gets it again
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) TimeUnit.MINUTES.toMillis(30));
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.RangeAssignor.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer());
        var properties = new ContainerProperties(t.topic());
        properties.setAckMode(ContainerProperties.AckMode.RECORD);
        properties.setClientId("bazaar-batch-worker");
        properties.setShutdownTimeout(TimeUnit.MINUTES.toMillis(1));
        var container = new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setConcurrency(1);
        // a request is never dropped while its partition has not ended: a failure to reach the database is retried
        container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(2_000, FixedBackOff.UNLIMITED_ATTEMPTS)));
        return container;
    }

    /** The adapter from the container to the worker's gate; started and stopped by {@link PartitionWorker}. */
    static KafkaMessageDrivenChannelAdapter<String, String> inbound(
            ConcurrentMessageListenerContainer<String, String> container, MessageChannel gate, BeanFactory beanFactory) {
        var adapter = new KafkaMessageDrivenChannelAdapter<>(container);
        adapter.setOutputChannel(gate);
        adapter.setAutoStartup(false);
        adapter.setBeanFactory(beanFactory);
        adapter.afterPropertiesSet();
        return adapter;
    }

    /** Closes the producer, if one was made. */
    public synchronized void close() {
        if (template != null) {
            template.getProducerFactory().reset();
        }
    }
}
