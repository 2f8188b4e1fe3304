package com.bazaar.domain.event;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the dead letters of every consumer, mirrored from the dead-letter topics; never deleted. */
public interface DeadLetters {

    /** Stores a dead letter once: false when its dead-letter record (topic, partition, offset) was stored before. */
    boolean add(DeadLetter.Arrival arrival);

    /** Dead letters, oldest first: only the unresolved ones unless {@code all}; only one consumer's if given. */
    /** A page of dead letters (only DEAD ones unless {@code all}), oldest (lowest id) first; the id is the cursor. */
    Page<DeadLetter> list(Optional<String> consumer, boolean all, PageRequest page);

    /** Every (consumer, topic) that has dead letters, with how many are open, replayed and discarded; by consumer, topic. */
    List<DeadLetter.Counts> counts();

    Optional<DeadLetter> byIdForUpdate(long id);

    /** The unresolved dead letters (of one consumer if given), oldest first, locked until the transaction ends. */
    List<DeadLetter> openForUpdate(Optional<String> consumer);

    /** Records the operator's decision on a DEAD letter. */
    void resolve(long id, DeadLetter.Status status, Instant at, String by, Optional<String> reason);
}
