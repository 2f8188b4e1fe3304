package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.config.KafkaTopics;
import com.bazaar.cli.output.Output;
import com.bazaar.cli.wiring.DatabaseConnector;
import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.cli.worker.WorkerRuntime;
import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.application.RelayEvents;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.events.KafkaConnection;
import com.bazaar.events.consumers.ConsumerLag;
import com.bazaar.events.relay.KafkaEventPublisher;
import com.bazaar.postgres.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Domain events leaving the database: the outbox relay to Kafka, what still waits for it, and the"
                + " dead letters of the consumers.",
        subcommands = {EventsCommand.Relay.class, EventsCommand.Status.class, DlqCommand.class})
final class EventsCommand extends Group {

    @Command(name = "relay", mixinStandardHelpOptions = true,
            description = {"Publish committed outbox events to Kafka (topic bazaar.<aggregate>.v<version>, key the"
                    + " aggregate id, docs/events.md) and mark them published once the broker acknowledged them.",
                    "Runs until stopped (SIGTERM, Ctrl-C), or one pass with --once; prints how many it published.",
                    "One relay at a time across hosts: a second one waits for the lease (with --once it publishes"
                            + " nothing and says so). At-least-once: consumers deduplicate by the event_id header.",
                    "Needs events.relay (sre or admin)."})
    static final class Relay implements Callable<Integer> {

        private static final Logger log = LoggerFactory.getLogger(Relay.class);

        private final CliContext context;

        @Option(names = "--once", description = "One pass: publish what is waiting, then exit.")
        boolean once;

        @Option(names = "--poll-every", paramLabel = "INTERVAL", defaultValue = "1s",
                converter = ServeCommand.IntervalConverter.class,
                description = "Look for new events this often when caught up, and for the lease while another"
                        + " relay holds it (default: ${DEFAULT-VALUE}).")
        Duration pollEvery;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
                description = "Partitions of a topic the relay creates (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
                description = "Replication factor of a topic the relay creates (default: ${DEFAULT-VALUE}; 3 on a"
                        + " production cluster).")
        short replication;

        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile boolean stopping;

        Relay(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (pollEvery.isZero() || partitions < 1 || replication < 1) {
                throw new CommandFailure(ExitCode.USAGE, "--poll-every, --partitions and --replication-factor must"
                        + " be positive");
            }
            var publisherSettings = publisherSettings(context, context.kafkaConnection(), partitions, replication);
            Actor actor = context.actor();
            String token = context.token().orElseThrow();
            // the lease, the reads and the marks each need a connection of their own: a small pool. A long-running
            // relay's outlives an outage of the database (a one-shot command's gives up for good on the first lost
            // connection) and follows the embedded server when it was killed and started again on another port (by
            // the next command), as the worker's and serve's do; the server runs now (the actor was just
            // authenticated on it)
            if (once) {
                try (var pool = DatabaseConnector.pool(DatabaseConnector.target(context.config()), "bazaar-relay", 3)) {
                    return relayOn(pool, publisherSettings, actor, token);
                }
            }
            try (var pool = DatabaseConnector.followingPool(context.config(), "bazaar-relay", 3)) {
                return relayOn(pool, publisherSettings, actor, token);
            }
        }

        private int relayOn(javax.sql.DataSource pool, KafkaEventPublisher.Settings publisherSettings, Actor actor,
                            String token) {
            Services pooled = new Services(new Database(pool), context.clock(), new SecureRandomSecrets(),
                    context.settings(), context.anchoring());
            try (var publisher = new KafkaEventPublisher(publisherSettings)) {
                RelayEvents relay = pooled.relayEvents(publisher);
                return once ? once(relay, actor) : untilStopped(relay, pooled, token);
            }
        }

        private int once(RelayEvents relay, Actor actor) {
            var outcome = relay.once(actor);
            Map<String, Object> view = new LinkedHashMap<>();
            if (outcome instanceof RelayEvents.Relayed relayed) {
                log.info("relay pass published {} event(s)", relayed.published());
                view.put("published", relayed.published());
                view.put("lease", "taken");
                context.output().message("Published " + relayed.published() + " event(s).");
            } else {
                view.put("published", 0);
                view.put("lease", "held-elsewhere");
                context.output().message("Published 0 event(s): another relay holds the lease and publishes them.");
            }
            if (context.output().json()) {
                context.output().record(view);
            }
            return ExitCode.OK;
        }

        /** Relays until the process is asked to stop; the lease, the producer and the pool are closed on the way out. */
        private int untilStopped(RelayEvents relay, Services pooled, String token) {
            Thread hook = new Thread(() -> {
                stopping = true;
                try {
                    stopped.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bazaar-relay-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            long total = 0;
            boolean waitingSaid = false;
            try {
                while (!stopping) {
                    Actor actor;
                    Optional<RelayEvents.Session> session;
                    try {
                        actor = pooled.authenticate().authenticate(token, context.correlationId()).actor();
                        session = relay.start(actor);
                    } catch (PermissionDenied e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // the database is away (killed, restarting, unreachable): try again, never give up
                        retryLater(e);
                        continue;
                    }
                    if (session.isEmpty()) {
                        if (!waitingSaid) {
                            context.output().message("Another relay holds the lease; waiting for it.");
                            waitingSaid = true;
                        }
                        pause();
                        continue;
                    }
                    waitingSaid = false;
                    context.output().message("Relaying (lease taken). Stop with Ctrl-C or SIGTERM.");
                    try (var held = session.get()) {
                        while (!stopping) {
                            long published = held.drain(actor);
                            if (published > 0) {
                                total += published;
                                log.info("relay pass published {} event(s)", published);
                                context.output().message("Published " + published + " event(s).");
                            }
                            pause();
                            actor = pooled.authenticate().authenticate(token, context.correlationId()).actor();
                        }
                    } catch (PermissionDenied e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // the broker or the database went away: give the lease back, wait, and start again
                        retryLater(e);
                    }
                }
            } finally {
                context.output().message("Stopped; published " + total + " event(s) in all.");
                context.out().flush();
                stopped.countDown();
                if (!stopping) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
            return ExitCode.OK;
        }

        private void retryLater(RuntimeException failure) {
            log.error("relay pass failed: {}", failure.getMessage(), failure);
            Output.error(context.err(), "relay pass failed (retrying): " + com.bazaar.cli.Bazaar.rootMessage(failure));
            pause();
        }

        private void pause() {
            long until = System.nanoTime() + pollEvery.toNanos();
            while (!stopping && System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    /**
     * Where to publish: the Kafka in use (--kafka with its --kafka-client-properties, BAZAAR_KAFKA, or the home's
     * broker).
     */
    static KafkaEventPublisher.Settings publisherSettings(CliContext context, KafkaConnection connection,
                                                         int partitions, short replication) {
        try {
            return new KafkaEventPublisher.Settings(connection, KafkaTopics.topicPrefix(context.env()), partitions,
                    replication);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"The outbox backlog: how many committed events wait for the relay, and how long the oldest"
                    + " has waited.",
                    "Each consumer's lag (records of its topics its group bazaar-<consumer> has not committed) and how"
                            + " many workers run it, when a Kafka is there: the --kafka/BAZAAR_KAFKA cluster, or the"
                            + " home's broker if it runs (never started by this command; otherwise the lag is"
                            + " unknown).",
                    "The dead letters by consumer and topic: open, replayed, discarded ('events dlq').",
                    "Needs events.view (sre, operator, auditor or admin)."})
    static final class Status implements Callable<Integer> {

        /** How long the broker may take to answer for the lag before status says it is unknown. */
        private static final Duration LAG_PATIENCE = Duration.ofSeconds(10);

        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var actor = context.actor();
            var show = context.services().showEventBacklog();
            var backlog = show.show(actor);
            var deadLetters = show.deadLetters(actor);
            var now = context.clock().instant();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("outbox_unpublished", backlog.unpublished());
            view.put("oldest_unpublished_at", backlog.oldestOccurredAt().orElse(null));
            view.put("oldest_unpublished_seconds", backlog.oldestAge(now).toSeconds());
            List<Map<String, Object>> lags = null;
            String lagUnknown = null;
            var kafka = context.configuredKafka();
            if (kafka.isEmpty()) {
                lagUnknown = "no Kafka: none configured (--kafka, BAZAAR_KAFKA) and the local broker is not running";
            } else {
                try {
                    lags = WorkerRuntime.lags(kafka.get(), KafkaTopics.of(context.env()), LAG_PATIENCE).stream()
                            .map(Status::lagRow).toList();
                } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                    lagUnknown = "the broker did not answer: " + com.bazaar.cli.Bazaar.rootMessage(e);
                }
            }
            view.put("consumer_lag_total", lags == null ? null
                    : lags.stream().mapToLong(row -> (Long) row.get("lag")).sum());
            view.put("consumer_lag_unknown", lagUnknown);
            view.put("dead_letters_open", deadLetters.stream().mapToLong(DeadLetter.Counts::open).sum());
            List<Map<String, Object>> letters = deadLetters.stream().map(Status::deadLetterRow).toList();
            if (context.output().json()) {
                view.put("consumer_lag", lags);
                view.put("dead_letters", letters);
                context.output().record(view);
                return ExitCode.OK;
            }
            // a table shows what is known: the total, or why there is none
            view.remove(lagUnknown == null ? "consumer_lag_unknown" : "consumer_lag_total");
            context.output().record(view);
            if (!context.output().csv()) {
                if (lags != null) {
                    context.output().message("");
                    context.output().message("Consumer lag:");
                    context.output().list(lags, List.of("consumer", "group", "lag", "members"));
                }
                context.output().message("");
                context.output().message("Dead letters:");
                context.output().list(letters, List.of("consumer", "topic", "open", "replayed", "discarded"));
            }
            return ExitCode.OK;
        }

        private static Map<String, Object> lagRow(ConsumerLag.Lag lag) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("consumer", lag.consumer());
            row.put("group", lag.group());
            row.put("lag", lag.records());
            row.put("members", lag.members());
            return row;
        }

        private static Map<String, Object> deadLetterRow(DeadLetter.Counts counts) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("consumer", counts.consumer());
            row.put("topic", counts.topic());
            row.put("open", counts.open());
            row.put("replayed", counts.replayed());
            row.put("discarded", counts.discarded());
            return row;
        }
    }
}
