package com.bazaar.batch.partition;

import com.bazaar.batch.support.CurrentActor;
import com.bazaar.domain.identity.Actor;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.kafka.inbound.KafkaMessageDrivenChannelAdapter;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Takes partition requests from Kafka and runs them, one at a time: {@code bazaar worker --batch}, and the process that
 * launched a partitioned job while it waits for its partitions.
 *
 * <p>Before a partition runs, its worker takes the partition's <em>lease</em>: a PostgreSQL session advisory lock on
 * the step execution, held on a connection of its own until the partition ended. The server drops it the moment its
 * holder dies, so a request delivered twice (Kafka's redelivery after a rebalance, a worker that was only frozen)
 * never runs one partition in two places at once: the second waits, then finds the partition ended and does nothing.
 * A partition whose worker died mid-way is found STARTED and runs again from its last commit (Spring Batch restores
 * the step's saved state): with each chunk committed with that state, each item is processed once.
 *
 * <p>A partition acts as the user who started the job (job parameter {@link #ACTOR}), checked again like a token: a
 * user revoked since cannot have work done in their name; the partition then fails, and with it the job.
 */
public final class PartitionWorker implements AutoCloseable {

    /** The job parameter naming the user who started the job: the actor of its partitions. */
    public static final String ACTOR = "actor";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PartitionWorker.class);

    private final RemotePartitions partitions;
    private final DataSource dataSource;
    private final JobRepository repository;
    private final CurrentActor actor;
    private final Function<String, Actor> users;
    private final BeanFactory beanFactory;
    private final DirectChannel gate = new DirectChannel();
    private final AtomicLong ran = new AtomicLong();
    private KafkaMessageDrivenChannelAdapter<String, String> inbound;
    private org.springframework.kafka.listener.ConcurrentMessageListenerContainer<String, String> container;

    /**
     * @param users the actor of a user name (a revoked or unknown user: a {@code DomainException})
     */
    public PartitionWorker(RemotePartitions partitions, DataSource dataSource, JobRepository repository,
                           CurrentActor actor, Function<String, Actor> users, BeanFactory beanFactory) {
        this.partitions = partitions;
        this.dataSource = dataSource;
        this.repository = repository;
        this.actor = actor;
        this.users = users;
        this.beanFactory = beanFactory;
        gate.setComponentName("bazaar.partitionGate");
        gate.subscribe(this::handle);
    }

    /** Joins the workers' consumer group and takes requests until {@link #stop()}. */
    public synchronized void start() {
        if (inbound == null) {
            PartitionTransport t = partitions.transport().orElseThrow(() -> new IllegalStateException(
                    "no Kafka for partition requests"));
            RemotePartitions.createTopic(t);
            container = RemotePartitions.container(t);
            inbound = RemotePartitions.inbound(container, gate, beanFactory);
        }
        inbound.start();
    }

    /**
     * Waits (at most {@code limit}) until this worker has its share of the request topic, so that requests sent next
     * are spread over it too rather than all taken by the members that were there first. A group whose members are
     * all busy with a partition rebalances only when they end it: then this returns false after {@code limit}, and
     * the requests are taken in turn (nothing is lost, it is only slower).
     */
    public boolean awaitAssignment(java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            var assigned = container == null ? null : container.getAssignedPartitions();
            if (assigned != null && !assigned.isEmpty()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Leaves the group once the partition in hand (if any) ended. */
    public synchronized void stop() {
        if (inbound != null && inbound.isRunning()) {
            inbound.stop();
        }
    }

    /** Partitions this process ran (or resumed) to their end. */
    public long ran() {
        return ran.get();
    }

    private void handle(Message<?> message) {
        var request = PartitionRequest.parse(String.valueOf(message.getPayload()));
        if (request.isEmpty() || !partitions.isWorkerStep(request.get().getStepName())) {
            log.warn("dropped a partition request that is not one of this installation's: {}",
                    printable(String.valueOf(message.getPayload())));
            return;
        }
        long id = request.get().getStepExecutionId();
        try (Connection lease = dataSource.getConnection()) {
            lease.setAutoCommit(true);
            lock(lease, "SELECT pg_advisory_lock(hashtext('bazaar-partition'), ?)", id);
            try {
                StepExecution execution = repository.getStepExecution(id);
                // a partition's step execution is named <worker step>:<partition>
                if (execution == null || !execution.getStepName().startsWith(request.get().getStepName() + ":")) {
                    log.warn("dropped partition request {}: no such step execution", request.get());
                    return;
                }
                if (execution.getStatus() != BatchStatus.STARTING && execution.getStatus() != BatchStatus.STARTED) {
                    log.info("partition {} ({}) has ended already ({}): nothing to do", id, execution.getStepName(),
                            execution.getStatus());
                    return;
                }
                Optional<Actor> as = actorOf(execution);
                if (as.isEmpty()) {
                    return;
                }
                actor.runAs(as.get(), () -> partitions.work().send(MessageBuilder.withPayload(request.get()).build()));
                ran.incrementAndGet();
            } finally {
                lock(lease, "SELECT pg_advisory_unlock(hashtext('bazaar-partition'), ?)", id);
            }
        } catch (SQLException e) {
            // the database is away: the request stays uncommitted and comes again (the container retries it)
            throw new IllegalStateException("cannot take the lease of partition " + id + ": " + e.getMessage(), e);
        }
    }

    private Optional<Actor> actorOf(StepExecution execution) {
        String name = execution.getJobExecution().getJobParameters().getString(ACTOR);
        try {
            if (name == null) {
                throw new IllegalStateException("the job records no user who started it");
            }
            return Optional.of(users.apply(name));
        } catch (RuntimeException refused) {
            log.warn("partition {} cannot run: {}", execution.getId(), refused.getMessage());
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription("the partition cannot act as the user who"
                    + " started the job: " + refused.getMessage()));
            // the job repository's time base: Spring Batch stamps every start and end time of a step with the local
            // system time, so the end of this partition is on the same scale as its start and as every other step
            execution.setEndTime(LocalDateTime.now());
            repository.update(execution);
            return Optional.empty();
        }
    }

    /** At most 100 characters of untrusted text, anything but printable ASCII as '?'. */
    static String printable(String text) {
        String head = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return head.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void lock(Connection connection, String sql, long id) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setInt(1, (int) (id % Integer.MAX_VALUE));
            statement.execute();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
