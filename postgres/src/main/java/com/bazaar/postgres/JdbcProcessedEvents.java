package com.bazaar.postgres;

import com.bazaar.domain.event.ProcessedEvents;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

/**
 * {@link ProcessedEvents} in table {@code processed_events}. The claim is an insert that does nothing on conflict:
 * a concurrent claim of the same pair waits on the primary key until the first transaction ends, then inserts nothing.
 */
public final class JdbcProcessedEvents implements ProcessedEvents {

    private final JdbcClient jdbc;

    public JdbcProcessedEvents(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public boolean claim(String consumer, String eventId, Instant at) {
        return jdbc.sql("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (:consumer, :event, :at)"
                        + " ON CONFLICT (consumer, event_id) DO NOTHING")
                .param("consumer", consumer).param("event", eventId).param("at", Rows.param(at)).update() == 1;
    }

    @Override
    public void forget(String consumer) {
        jdbc.sql("DELETE FROM processed_events WHERE consumer = :consumer").param("consumer", consumer).update();
    }
}
