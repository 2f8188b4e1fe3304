package com.bazaar.batch.support;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;

/**
 * What a stream of a chunk step saves in the step's execution context, kept true to the chunks that committed. The
 * values are saved with each chunk, in its transaction. When that transaction does not commit (the connection was
 * lost), Spring Batch still saves the step's context when the step fails - so the values of the last chunk that did
 * commit are put back (a key that had none is removed), or a restart would carry on from a chunk that was lost.
 */
public final class CommittedContext {

    private Map<String, Object> committed = Map.of();

    /** The values the step (re)opened with: those of its last committed chunk. */
    public void opened(Map<String, ?> values) {
        committed = Map.copyOf(values);
    }

    /** Saves {@code values} with the current chunk. */
    public void save(ExecutionContext context, Map<String, ?> values) {
        values.forEach(context::put);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            Map<String, Object> pending = Map.copyOf(values);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        committed = pending;
                        return;
                    }
                    Map<String, Object> back = new HashMap<>(committed);
                    for (String key : pending.keySet()) {
                        if (back.containsKey(key)) {
                            context.put(key, back.get(key));
                        } else {
                            context.remove(key);
                        }
                    }
                }
            });
        }
    }
}
