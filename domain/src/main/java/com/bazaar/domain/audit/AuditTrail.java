package com.bazaar.domain.audit;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: the append-only audit trail. {@link #append} must run inside the caller's transaction and serialise
 * appenders (the adapter locks the chain head), so the chain stays one line even under concurrency.
 */
public interface AuditTrail {

    /** Appends the entry as the next record, linked and sealed by {@link AuditChain#link}; returns the stored record. */
    AuditRecord append(AuditEntry entry);

    /**
     * A page of the records matching the query: the newest {@code limit} before the cursor (a sequence number), printed
     * oldest first; the next page's cursor is the oldest record's sequence number, so pages go back in time.
     */
    Page<AuditRecord> find(AuditQuery query, PageRequest page);

    /** Records 1 to {@code lastSeq} in sequence order, streamed (bounded memory, any volume). */
    void forEach(long lastSeq, Consumer<AuditRecord> visitor);

    /** Up to {@code limit} records with seq > {@code afterSeq} that occurred in [from, to), in seq order. */
    List<AuditRecord> page(long afterSeq, java.time.Instant from, java.time.Instant to, int limit);

    /** The record with this sequence number, if there is one. */
    java.util.Optional<AuditRecord> record(long seq);

    /** What the chain head says: the last sequence number and hash (0 and GENESIS when empty). */
    ChainHead head();

    record ChainHead(long seq, String hash) {
    }
}
