package com.bazaar.domain.support;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.DomainEvent;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Actor;

import java.time.Instant;
import java.util.Map;

/** Writes what a change leaves behind - its audit record and its domain events - inside the change's transaction. */
public final class Recorder {

    private final AuditTrail audit;
    private final Outbox outbox;

    public Recorder(AuditTrail audit, Outbox outbox) {
        this.audit = audit;
        this.outbox = outbox;
    }

    /** Records events first and the audit record last: the audit append takes the chain lock, held until commit. */
    public void record(Instant at, Actor actor, String action, String target, Map<String, Object> before,
                Map<String, Object> after, DomainEvent... events) {
        for (DomainEvent event : events) {
            outbox.record(event);
        }
        audit.append(AuditEntry.change(at, actor, action, target, before, after));
    }

    public static DomainEvent event(String type, String aggregateType, Object aggregateId, Map<String, Object> payload,
                             Instant at, Actor actor) {
        return new DomainEvent(type, 1, aggregateType, String.valueOf(aggregateId), payload, at, actor.correlationId());
    }
}
