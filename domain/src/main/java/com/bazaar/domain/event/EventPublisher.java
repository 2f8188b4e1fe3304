package com.bazaar.domain.event;

import java.util.List;

/**
 * Port: hands events to the systems outside (a message broker). {@link #publish} returns only once every message is
 * durably accepted (acknowledged), in the given order per aggregate; it throws when any was not, and then any of them
 * may or may not have been delivered: the caller sends them again (at-least-once; receivers deduplicate by event id).
 */
public interface EventPublisher {

    void publish(List<OutboxMessage> messages);
}
