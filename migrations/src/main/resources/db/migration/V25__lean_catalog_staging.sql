-- Catalog import staging keeps only what the domain checked (issue 16). The seller's own columns of every accepted
-- row were copied beside the checked values (original jsonb): half of what staging wrote, parsed as jsonb, though the
-- error report needs them only for the rows it lists. The report now reads an accepted row's columns from the job's
-- file (its bytes are proven to be the job's), so:
--   * catalog_import_lines keeps no original;
--   * import_rejections.original is NULL for a row rejected by a catalog rule after staging (a SKU twice in the file,
--     a lifecycle move not allowed, a quantity below what is reserved): the report reads that row from the file too.
--     Rows rejected while the file is read keep their columns here, as before.
-- The (import_id, sku, row_no) index goes too: every statement over an import's rows joins all of them, with fresh
-- statistics (ANALYZE before the catalog rules), and hashes; the index cost a btree insert per staged row.
ALTER TABLE catalog_import_lines DROP COLUMN original;
DROP INDEX catalog_import_lines_sku_idx;
ALTER TABLE import_rejections ALTER COLUMN original DROP NOT NULL;
COMMENT ON COLUMN import_rejections.original IS
    'The row''s columns as the seller wrote them (JSON array); NULL for a catalog row rejected by a catalog rule after'
    ' staging: the error report reads it from the job''s file.';
