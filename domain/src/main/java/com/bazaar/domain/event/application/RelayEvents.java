package com.bazaar.domain.event.application;

import com.bazaar.domain.event.EventPublisher;
import com.bazaar.domain.event.OutboxMessage;
import com.bazaar.domain.event.RelayLease;
import com.bazaar.domain.event.UnpublishedEvents;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.support.Guard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox relay ({@code bazaar events relay}, the events-relay task of {@code bazaar serve}): publishes committed
 * outbox rows, lowest id first, and marks them published only after the publisher has them acknowledged.
 *
 * <ul>
 *   <li><b>Never "id greater than the last one"</b>: each batch is read again as "unpublished, lowest id first", so an
 *   event whose transaction commits after a higher id was published is picked up by the next pass.</li>
 *   <li><b>One relay at a time</b>, across hosts ({@link RelayLease}): events of one aggregate are never reordered by
 *   two relays racing. A second relay gets {@link LeaseHeldElsewhere} and may wait and try again.</li>
 *   <li><b>At-least-once</b>: a crash (or a failed mark) between the acknowledgement and the mark sends the batch
 *   again on the next pass; receivers deduplicate by the event id (the outbox id).</li>
 * </ul>
 * Needs events.relay; the check is made again on every pass of a long-running relay.
 */
public final class RelayEvents {

    /**
     * Rows read and published per batch: 2,000 made the relay 1.4x faster than 500 (fewer waits for the last
     * acknowledgement and fewer marks; docs/performance.md, Events) and keeps a batch bounded in memory - at most about
     * 25 MB even if every event were the largest there is (an OrderPlaced of {@code Order.MAX_LINES} lines); the relay
     * holds up to three at a time (one being marked, one awaiting its acknowledgements, the next being sent).
     */
    public static final int DEFAULT_BATCH = 2000;

    /** What one pass did. */
    public sealed interface Outcome permits Relayed, LeaseHeldElsewhere {
    }

    /** The pass published (and marked) this many events and found none left. */
    public record Relayed(long published) implements Outcome {
    }

    /** Another relay holds the lease: this one published nothing. */
    public record LeaseHeldElsewhere() implements Outcome {
    }

    /** The lease was lost while relaying (its database session ended): stop, and take it again before going on. */
    public static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the relay lease was lost (its database session ended); the relay stops before its next batch");
        }
    }

    private final Guard guard;
    private final UnpublishedEvents events;
    private final RelayLease lease;
    private final EventPublisher publisher;
    private final Clock clock;
    private final int batchSize;

    public RelayEvents(Guard guard, UnpublishedEvents events, RelayLease lease, EventPublisher publisher, Clock clock,
                       int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be positive");
        }
        this.guard = guard;
        this.events = events;
        this.lease = lease;
        this.publisher = publisher;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** One pass: takes the lease, publishes until nothing is left, gives the lease back. */
    public Outcome once(Actor actor) {
        Optional<Session> session = start(actor);
        if (session.isEmpty()) {
            return new LeaseHeldElsewhere();
        }
        try (Session held = session.get()) {
            return new Relayed(held.drain(actor));
        }
    }

    /**
     * Takes the lease for a long-running relay, which then calls {@link Session#drain} as often as it likes; empty when
     * another relay holds it. Refused (PermissionDenied, audited) without events.relay.
     */
    public Optional<Session> start(Actor actor) {
        guard.require(actor, Action.EVENTS_RELAY, "outbox relay");
        return lease.tryTake().map(Session::new);
    }

    /** A batch sent, its acknowledgements and its mark still to come. */
    private record InFlight(List<Long> ids, EventPublisher.Sending sending) {
    }

    /** A relay holding the lease. */
    public final class Session implements AutoCloseable {

        private final RelayLease.Held held;

        private Session(RelayLease.Held held) {
            this.held = held;
        }

        /**
         * Publishes and marks batches until none is left; returns how many events it published.
         *
         * <p>A pipeline: while batch k is sent, batch k+1 is read (on a connection of its own); while batch k's
         * acknowledgements come, batch k+1 is sent; while batch k's mark is committed (on another connection), batch
         * k+2 is read and sent. Each read leaves out every batch sent and not yet marked. The relay, the broker and the
         * database work side by side instead of in turn (waiting for the database took two thirds of the relay's time
         * when it read, sent and marked in turn: docs/performance.md), and batch k+1 is still sent after batch k,
         * so the order of each aggregate's events is kept. A batch is marked only once every one of its events was
         * acknowledged; when one is not, the pass fails, nothing after it is marked, and the next pass sends the
         * unmarked events again from the first one. At most three batches are held at a time.
         */
        public long drain(Actor actor) {
            guard.require(actor, Action.EVENTS_RELAY, "outbox relay");
            long published = 0;
            InFlight sent = null;
            List<Long> marking = List.of();
            UnpublishedEvents.Marking mark = null;
            UnpublishedEvents.Reading reading = null;
            while (true) {
                try {
                    if (!held.stillHeld()) {
                        throw new LeaseLost();
                    }
                    if (reading == null) {
                        reading = events.oldestLater(batchSize, List.of());
                    }
                    List<OutboxMessage> batch = reading.await();
                    reading = null;
                    InFlight next = null;
                    if (!batch.isEmpty()) {
                        List<Long> ids = batch.stream().map(OutboxMessage::id).toList();
                        List<Long> leftOut = new ArrayList<>(marking);
                        if (sent != null) {
                            leftOut.addAll(sent.ids());
                        }
                        leftOut.addAll(ids);
                        reading = events.oldestLater(batchSize, leftOut);
                        next = new InFlight(ids, publisher.send(batch));
                    }
                    if (sent != null) {
                        sent.sending().awaitAcknowledged();
                        if (mark != null) {
                            var pending = mark;
                            mark = null;
                            pending.awaitMarked();
                            published += marking.size();
                        }
                        mark = events.markPublishedLater(sent.ids(), clock.instant());
                        marking = sent.ids();
                    }
                    if (next == null) {
                        if (mark != null) {
                            var pending = mark;
                            mark = null;
                            pending.awaitMarked();
                            published += marking.size();
                        }
                        return published;
                    }
                    sent = next;
                } catch (RuntimeException e) {
                    // the mark under way is of acknowledged events: let it end before the pass fails
                    if (mark != null) {
                        try {
                            mark.awaitMarked();
                        } catch (RuntimeException failed) {
                            e.addSuppressed(failed);
                        }
                    }
                    throw e;
                }
            }
        }

        /** Gives the lease back. */
        @Override
        public void close() {
            held.close();
        }
    }
}
