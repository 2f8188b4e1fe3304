-- Reconciliation of provider settlement reports against Bazaar's payments and refunds.
CREATE TABLE recon_runs (
    run_id        bigint PRIMARY KEY,                 -- the batch job instance
    provider      text        NOT NULL,
    file_sha256   char(64)    NOT NULL,
    file_name     text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('STAGED', 'CLASSIFIED', 'SUPERSEDED')),
    superseded_by bigint REFERENCES recon_runs (run_id),
    created_at    timestamptz NOT NULL,
    CONSTRAINT recon_runs_superseded CHECK ((status = 'SUPERSEDED') = (superseded_by IS NOT NULL))
);

CREATE TABLE settlement_lines (
    run_id             bigint  NOT NULL REFERENCES recon_runs (run_id),
    line               bigint  NOT NULL,
    provider_reference text    NOT NULL,
    merchant_reference text,
    type               text    NOT NULL CHECK (type IN ('PAYMENT', 'REFUND', 'CHARGEBACK', 'FEE', 'ADJUSTMENT', 'PAYOUT')),
    gross_minor        bigint  NOT NULL,
    fee_minor          bigint  NOT NULL,
    net_minor          bigint  NOT NULL,
    currency           char(3) NOT NULL,
    exchange_rate      numeric,
    booking_date       date    NOT NULL,
    payout_id          text,
    PRIMARY KEY (run_id, line),
    CONSTRAINT settlement_lines_net CHECK (net_minor = gross_minor - fee_minor)
);

CREATE TABLE settlement_problems (
    run_id bigint NOT NULL REFERENCES recon_runs (run_id),
    line   bigint NOT NULL,
    reason text   NOT NULL,
    raw    text   NOT NULL,
    PRIMARY KEY (run_id, line)
);

-- Every settlement line and every internal transaction of a run, in exactly one category (primary keys).
CREATE TABLE recon_items (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        bigint      NOT NULL REFERENCES recon_runs (run_id),
    line          bigint,
    payment_id    bigint REFERENCES payments (id),
    category      text        NOT NULL CHECK (category IN ('MATCHED', 'AMOUNT_MISMATCH', 'CURRENCY_MISMATCH', 'FEE_ONLY',
                      'MISSING_IN_SETTLEMENT', 'PENDING_SETTLEMENT', 'MISSING_IN_LEDGER', 'DUPLICATE_IN_SETTLEMENT',
                      'STATUS_MISMATCH', 'CHARGEBACK')),
    expected_minor bigint,
    actual_minor   bigint,
    currency       char(3),
    difference     text        NOT NULL,
    candidate      text,
    status         text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'AWAITING_APPROVAL', 'RESOLVED', 'NONE')),
    resolution     text CHECK (resolution IN ('ACCEPTED', 'ADJUSTED', 'WRITTEN_OFF')),
    resolved_by    text,
    approved_by    text,
    reason         text,
    CONSTRAINT recon_items_one_line UNIQUE (run_id, line),
    CONSTRAINT recon_items_subject CHECK (line IS NOT NULL OR payment_id IS NOT NULL),
    CONSTRAINT recon_items_resolution CHECK ((status IN ('RESOLVED', 'AWAITING_APPROVAL'))
        = (resolution IS NOT NULL AND resolved_by IS NOT NULL)),
    CONSTRAINT recon_items_approval_for_write_off CHECK (status <> 'AWAITING_APPROVAL' OR resolution = 'WRITTEN_OFF'),
    -- four eyes: the approver of a write-off is never the one who wrote it off
    CONSTRAINT recon_items_four_eyes CHECK (approved_by IS NULL OR (status = 'RESOLVED' AND approved_by <> resolved_by))
);

-- an internal transaction (no settlement line) appears once per run
CREATE UNIQUE INDEX recon_items_one_internal_item ON recon_items (run_id, payment_id) WHERE line IS NULL;

CREATE INDEX recon_items_run_category_idx ON recon_items (run_id, category);

-- Per payout: gross - fees - refunds - chargebacks +- adjustments must equal the amount paid out.
CREATE TABLE recon_waterfalls (
    run_id      bigint  NOT NULL REFERENCES recon_runs (run_id),
    payout_id   text    NOT NULL,
    currency    char(3) NOT NULL,
    gross       bigint  NOT NULL,
    fees        bigint  NOT NULL,
    refunds     bigint  NOT NULL,
    chargebacks bigint  NOT NULL,
    adjustments bigint  NOT NULL,
    payout      bigint,
    adds_up     boolean NOT NULL,
    PRIMARY KEY (run_id, payout_id, currency)
);
