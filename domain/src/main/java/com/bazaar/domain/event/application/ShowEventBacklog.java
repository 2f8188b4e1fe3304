package com.bazaar.domain.event.application;

import com.bazaar.domain.event.OutboxBacklog;
import com.bazaar.domain.event.UnpublishedEvents;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.support.Guard;

/** {@code bazaar events status}: how many outbox events wait for the relay, and since when (events.view). */
public final class ShowEventBacklog {

    private final Guard guard;
    private final UnpublishedEvents events;

    public ShowEventBacklog(Guard guard, UnpublishedEvents events) {
        this.guard = guard;
        this.events = events;
    }

    public OutboxBacklog show(Actor actor) {
        guard.require(actor, Action.EVENTS_VIEW, "outbox");
        return events.backlog();
    }
}
