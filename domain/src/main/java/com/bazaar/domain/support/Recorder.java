package com.bazaar.domain.support;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.DomainEvent;
import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Actor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes what a change leaves behind - its audit record and its domain events - inside the change's transaction. */
public final class Recorder {

    private final AuditTrail audit;
    private final Outbox outbox;

    public Recorder(AuditTrail audit, Outbox outbox) {
        this.audit = audit;
        this.outbox = outbox;
    }

    /**
     * Records events first and the audit record last: the audit append takes the chain lock, held until commit. Each
     * typed event goes to the outbox in its envelope ({@link DomainEvent#of}), at {@code at} under the actor's
     * correlation id.
     */
    public void record(Instant at, Actor actor, String action, String target, Map<String, Object> before,
                Map<String, Object> after, Event... events) {
        record(at, actor, action, target, before, after, List.of(events));
    }

    public void record(Instant at, Actor actor, String action, String target, Map<String, Object> before,
                Map<String, Object> after, List<? extends Event> events) {
        events(at, actor, events);
        audit(at, actor, action, target, before, after);
    }

    /**
     * The events half of {@link #record}, for a use case that writes them earlier in its transaction than its audit
     * record (PlaceOrder: before the stock rows' locks, so that nothing but the audit append and the commit is done
     * under the audit chain head's lock).
     */
    public void events(Instant at, Actor actor, List<? extends Event> events) {
        outbox.recordAll(events.stream().map(event -> DomainEvent.of(event, at, actor.correlationId())).toList());
    }

    /** The audit half of {@link #record}: appends the record; the chain head's lock is held until the commit. */
    public void audit(Instant at, Actor actor, String action, String target, Map<String, Object> before,
                      Map<String, Object> after) {
        audit.append(AuditEntry.change(at, actor, action, target, before, after));
    }
}
