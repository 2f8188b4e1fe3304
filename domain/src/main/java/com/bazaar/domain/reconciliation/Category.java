package com.bazaar.domain.reconciliation;

/** Where a settlement line or an internal transaction lands, exactly one per item (docs/domain_model.md, ReconItem; runbooks/reconciliation.md). */
public enum Category {
    MATCHED(false), FEE_ONLY(false), PENDING_SETTLEMENT(false),
    AMOUNT_MISMATCH(true), CURRENCY_MISMATCH(true), MISSING_IN_SETTLEMENT(true), MISSING_IN_LEDGER(true),
    DUPLICATE_IN_SETTLEMENT(true), STATUS_MISMATCH(true), CHARGEBACK(true),
    /** A payout whose waterfall does not add up: one item per payout, on its first payout line. */
    PAYOUT_MISMATCH(true),
    /** A payment line booked more than a day before its payment was captured. */
    SETTLED_BEFORE_CAPTURE(true);

    private final boolean discrepancy;

    Category(boolean discrepancy) {
        this.discrepancy = discrepancy;
    }

    /** True when finance must resolve it; MATCHED, FEE_ONLY and PENDING_SETTLEMENT need nothing. */
    public boolean discrepancy() {
        return discrepancy;
    }
}
