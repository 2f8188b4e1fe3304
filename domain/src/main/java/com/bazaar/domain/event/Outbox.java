package com.bazaar.domain.event;

/** Port: the transactional outbox. {@link #record} must run inside the transaction of the change it describes. */
public interface Outbox {
    void record(DomainEvent event);
}
