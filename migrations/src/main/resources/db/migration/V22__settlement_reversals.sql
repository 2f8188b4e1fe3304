-- Reversals and early bookings in reconciliation (issue 14, docs/domain_model.md ReconItem, runbooks/reconciliation.md).
--
-- A settlement line may now reverse or correct another: CHARGEBACK_REVERSAL (Adyen ChargebackReversed, Stripe
-- dispute_reversal), REFUND_REVERSAL (Adyen RefundedReversed, Stripe refund_failure) and PAYMENT_CORRECTION (Adyen
-- DepositCorrection). The database's copy of SettlementRecord.Type / ClassificationRules.LineType:
ALTER TABLE settlement_lines DROP CONSTRAINT settlement_lines_type_check,
    ADD CONSTRAINT settlement_lines_type_check CHECK (type IN ('PAYMENT', 'REFUND', 'CHARGEBACK', 'FEE', 'ADJUSTMENT',
        'PAYOUT', 'CHARGEBACK_REVERSAL', 'REFUND_REVERSAL', 'PAYMENT_CORRECTION'));

-- Every category of the domain's Category: the ones of V8, SETTLED_BEFORE_CAPTURE (a payment line booked more than a
-- day before its capture was posted) and PAYOUT_MISMATCH (a payout whose waterfall does not add up). PAYOUT_MISMATCH
-- is added to Category by V21 (branch recon-payouts, written in parallel with this one); it is listed here so that
-- this migration, which runs after V21, keeps it allowed whichever branch's Category is merged first.
ALTER TABLE recon_items DROP CONSTRAINT recon_items_category_check,
    ADD CONSTRAINT recon_items_category_check CHECK (category IN ('MATCHED', 'AMOUNT_MISMATCH', 'CURRENCY_MISMATCH',
        'FEE_ONLY', 'MISSING_IN_SETTLEMENT', 'PENDING_SETTLEMENT', 'MISSING_IN_LEDGER', 'DUPLICATE_IN_SETTLEMENT',
        'STATUS_MISMATCH', 'CHARGEBACK', 'PAYOUT_MISMATCH', 'SETTLED_BEFORE_CAPTURE'));

-- A payment line booked more than a day before its capture was posted is SETTLED_BEFORE_CAPTURE. Only captures posted
-- after the earliest booking day of a file (plus that day) can be such captures: classification reads them as a range
-- of this index, which for a file booked after its captures (the normal case) is empty, instead of looking up the
-- capture of every payment line (JdbcReconciliations.classifyLines).
CREATE INDEX ledger_postings_capture_time ON ledger_postings (posted_at) WHERE transaction_ref LIKE 'capture:%';
