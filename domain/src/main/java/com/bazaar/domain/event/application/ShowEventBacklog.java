package com.bazaar.domain.event.application;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.DeadLetters;
import com.bazaar.domain.event.OutboxBacklog;
import com.bazaar.domain.event.UnpublishedEvents;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.support.Guard;

import java.util.List;

/**
 * {@code bazaar events status}: how many outbox events wait for the relay, and since when; how many dead letters each
 * consumer has, open and resolved (events.view).
 */
public final class ShowEventBacklog {

    private final Guard guard;
    private final UnpublishedEvents events;
    private final DeadLetters deadLetters;

    public ShowEventBacklog(Guard guard, UnpublishedEvents events, DeadLetters deadLetters) {
        this.guard = guard;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    public OutboxBacklog show(Actor actor) {
        guard.require(actor, Action.EVENTS_VIEW, "outbox");
        return events.backlog();
    }

    /** The dead letters counted by consumer and topic: open (DEAD), replayed, discarded. */
    public List<DeadLetter.Counts> deadLetters(Actor actor) {
        guard.require(actor, Action.EVENTS_VIEW, "dead-letters");
        return deadLetters.counts();
    }
}
