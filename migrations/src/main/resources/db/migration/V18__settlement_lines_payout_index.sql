-- The overlap check of a reconciliation run ("was a payout of this file reconciled already?") looks up the runs that
-- hold each payout id of the new file. Without this index it read every line of every earlier run: its cost grew with
-- the history rather than with the file. Partial (a line without a payout id never overlaps) and small: B-tree
-- deduplication keeps one entry per (payout, run) page run, and a payout's lines share both.
CREATE INDEX settlement_lines_payout ON settlement_lines (payout_id, run_id) WHERE payout_id IS NOT NULL;
