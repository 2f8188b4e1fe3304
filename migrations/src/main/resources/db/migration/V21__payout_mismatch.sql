-- A payout whose waterfall does not add up (gross - fees - refunds - chargebacks + adjustments is not what it paid out,
-- sign included) is a discrepancy of its own, PAYOUT_MISMATCH (issue 14): one item per payout, on its first payout
-- line, OPEN until finance resolves it. The category CHECK lists every value of the domain's Category
-- (ReconItemCategoriesMatchTheDomainTest). Existing items keep their category: a payout item classified before this
-- version stays MATCHED; reconcile its file again with --supersede to classify it anew.
ALTER TABLE recon_items DROP CONSTRAINT recon_items_category_check;
ALTER TABLE recon_items ADD CONSTRAINT recon_items_category_check CHECK (category IN ('MATCHED', 'AMOUNT_MISMATCH',
    'CURRENCY_MISMATCH', 'FEE_ONLY', 'MISSING_IN_SETTLEMENT', 'PENDING_SETTLEMENT', 'MISSING_IN_LEDGER',
    'DUPLICATE_IN_SETTLEMENT', 'STATUS_MISMATCH', 'CHARGEBACK', 'PAYOUT_MISMATCH'));
