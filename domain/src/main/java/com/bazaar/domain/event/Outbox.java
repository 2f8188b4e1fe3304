package com.bazaar.domain.event;

/** Port: the transactional outbox. {@link #record} must run inside the transaction of the change it describes. */
public interface Outbox {
    void record(DomainEvent event);

    /** Records these events in this order (their ids ascend in it); an adapter may write them in one statement. */
    default void recordAll(java.util.List<DomainEvent> events) {
        events.forEach(this::record);
    }
}
