package com.bazaar.domain.operations;

import java.util.List;
import java.util.Optional;

/**
 * Port: the rows of a job's input file, staged in the database so that partitions of the job can run on other hosts
 * (they need the database, not the file). Row 0 is the header; a row the reader could not read keeps its reason.
 */
public interface StagedRows {

    /** A staged row: its number in the file, its fields, and why it could not be read (then no fields). */
    record Row(long row, List<String> fields, Optional<String> problem) {
        public Row {
            fields = List.copyOf(fields);
        }
    }

    /** Adds rows of job {@code jobId} (in the caller's transaction); a row staged already is left as it is. */
    void stage(long jobId, List<Row> rows);

    /** The smallest and largest data row staged (the header excluded); empty when there is none. */
    Optional<long[]> range(long jobId);

    /** At most {@code limit} rows after {@code afterRow} up to {@code toRow} (included), in order. */
    List<Row> read(long jobId, long afterRow, long toRow, int limit);

    /** The header (row 0), if staged. */
    Optional<List<String>> header(long jobId);

    /** Forgets the rows of job {@code jobId} (once it completed). */
    void clear(long jobId);
}
