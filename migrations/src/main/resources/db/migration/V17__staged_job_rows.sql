-- Remote partitioning (issue 13; docs/adr/0012-remote-partitioning.md). A partitioned job's input file staged row by
-- row, so that its partitions can run on hosts that have the database but not the file. Row 0 is the header; a row the
-- reader could not read has its problem and no fields. Cleared when the job completes.
CREATE TABLE staged_job_rows (
    job_id  bigint  NOT NULL,
    row_no  bigint  NOT NULL CHECK (row_no >= 0),
    fields  text[]  NOT NULL,
    problem text    CHECK (problem IS NULL OR length(problem) <= 2000),
    PRIMARY KEY (job_id, row_no),
    CHECK (problem IS NULL OR cardinality(fields) = 0)
);

GRANT SELECT, INSERT, DELETE ON staged_job_rows TO bazaar_app;
