package com.bazaar.domain.audit;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: the append-only audit trail, kept as a few hash chains ("stripes", ADR 0015). {@link #append} must run inside
 * the caller's transaction and lock one stripe's head until it ends (a second append of the same transaction stays in
 * that stripe), so each stripe stays one line under concurrency while up to one appender per stripe commits at once.
 */
public interface AuditTrail {

    /**
     * Appends the entry as the next record of a stripe, linked and sealed by {@link AuditChain#link}; returns the
     * stored record.
     */
    AuditRecord append(AuditEntry entry);

    /**
     * A page of the records matching the query: the newest {@code limit} before the cursor (a sequence number), printed
     * oldest first; the next page's cursor is the oldest record's sequence number, so pages go back in time.
     */
    Page<AuditRecord> find(AuditQuery query, PageRequest page);

    /** The latest checkpoint record, if any ({@link AuditChain#CHECKPOINT}). */
    java.util.Optional<AuditRecord> latestCheckpoint();

    /** Records 1 to {@code lastSeq} in sequence order, streamed (bounded memory, any volume). */
    void forEach(long lastSeq, Consumer<AuditRecord> visitor);

    /** Up to {@code limit} records with seq > {@code afterSeq} that occurred in [from, to), in seq order. */
    List<AuditRecord> page(long afterSeq, java.time.Instant from, java.time.Instant to, int limit);

    /** The record with this sequence number, if there is one. */
    java.util.Optional<AuditRecord> record(long seq);

    /** The latest record's sequence number and hash, over every stripe (0 and GENESIS when the trail is empty). */
    ChainHead head();

    /** Every stripe's head, in stripe order, as committed (read without locking). */
    List<AuditChain.Head> heads();

    /**
     * Locks every stripe's head for the rest of the transaction, in stripe order, and returns them; the transaction's
     * next {@link #append} goes to stripe 1. The checkpoint record appended then names these heads.
     */
    List<AuditChain.Head> lockHeadsForCheckpoint();

    record ChainHead(long seq, String hash) {
    }
}
