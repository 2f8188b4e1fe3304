-- Inventory sync staging (absolute on-hand counts or deltas from a seller's warehouse). Rejected rows of every import
-- job share one table, keyed by the job instance (import) id.
ALTER TABLE catalog_import_rejections RENAME TO import_rejections;

CREATE TABLE inventory_sync_lines (
    import_id bigint  NOT NULL,
    row_no    bigint  NOT NULL,
    sku       text    NOT NULL,
    on_hand   bigint CHECK (on_hand >= 0),
    delta     bigint,
    original  jsonb   NOT NULL,
    rejected  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (import_id, row_no),
    CONSTRAINT inventory_sync_lines_one_kind CHECK ((on_hand IS NULL) <> (delta IS NULL))
);

CREATE INDEX inventory_sync_lines_sku_idx ON inventory_sync_lines (import_id, sku, row_no);
