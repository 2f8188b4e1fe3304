package com.bazaar.domain.audit;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Port: the append-only anchors file, outside the database (by default under $BAZAAR_HOME; best copied to a
 * write-once store as well). Lines are raw text; {@link AuditAnchor} reads and writes them.
 */
public interface AuditAnchors {

    /** Where the anchors are kept, for messages. */
    String location();

    /**
     * The lines written so far, in order, up to the file's length at this moment (what is appended later is not
     * read): open it before reading the chain head, so that no anchor can be newer than the head. Empty when there
     * are no anchors yet (a missing default file); a file named explicitly must exist.
     */
    Lines read();

    /** Runs {@code work} holding the anchors' exclusive lock, so reading the last anchor and appending is atomic. */
    <T> T locked(Supplier<T> work);

    /** The last complete line, if any (under {@link #locked}). */
    Optional<Line> last();

    /** Appends the anchor as one line (under {@link #locked}), durably. */
    void append(AuditAnchor anchor);

    /** One line of the anchors file and its number (from 1). */
    record Line(long number, String text) {
    }

    /** The lines of a snapshot, streamed (bounded memory); close it when done. */
    interface Lines extends AutoCloseable {
        Optional<Line> next();

        @Override
        void close();
    }
}
