-- Payments, refunds and the double-entry ledger. Money state is consistent by constraint:
-- 0 <= refunded <= captured <= amount per payment, and every ledger transaction sums to zero per currency.

CREATE TABLE payments (
    id                 bigint GENERATED ALWAYS AS IDENTITY (START WITH 5001) PRIMARY KEY,
    order_id           bigint      NOT NULL REFERENCES orders (id),
    amount_minor       bigint      NOT NULL,
    currency           char(3)     NOT NULL,
    status             text        NOT NULL,
    in_flight          text,
    provider_reference text,
    captured_minor     bigint      NOT NULL DEFAULT 0,
    refunded_minor     bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    version            bigint      NOT NULL DEFAULT 0,
    CONSTRAINT payments_one_per_order UNIQUE (order_id),
    CONSTRAINT payments_amount_positive CHECK (amount_minor > 0),
    CONSTRAINT payments_status_valid CHECK (status IN ('REQUIRES_AUTHORIZATION', 'PENDING', 'UNKNOWN', 'AUTHORIZED',
        'CAPTURED', 'FAILED', 'VOIDED')),
    CONSTRAINT payments_in_flight_when_in_doubt CHECK ((status IN ('PENDING', 'UNKNOWN')) = (in_flight IS NOT NULL)),
    CONSTRAINT payments_in_flight_valid CHECK (in_flight IS NULL OR in_flight IN ('AUTHORIZE', 'CAPTURE', 'VOID')),
    -- refunds can never exceed what was captured, which can never exceed the amount
    CONSTRAINT payments_money_consistent CHECK (0 <= refunded_minor AND refunded_minor <= captured_minor
        AND captured_minor <= amount_minor),
    CONSTRAINT payments_captured_whole CHECK (captured_minor IN (0, amount_minor))
);

CREATE INDEX payments_in_doubt_idx ON payments (id) WHERE status IN ('PENDING', 'UNKNOWN');

CREATE TABLE refunds (
    id              bigint GENERATED ALWAYS AS IDENTITY (START WITH 9001) PRIMARY KEY,
    payment_id      bigint      NOT NULL REFERENCES payments (id),
    amount_minor    bigint      NOT NULL,
    currency        char(3)     NOT NULL,
    status          text        NOT NULL,
    reason          text        NOT NULL,
    idempotency_key text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT refunds_idempotency_key_unique UNIQUE (idempotency_key),
    CONSTRAINT refunds_amount_positive CHECK (amount_minor > 0),
    CONSTRAINT refunds_status_valid CHECK (status IN ('PENDING', 'UNKNOWN', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT refunds_reason_valid CHECK (char_length(reason) BETWEEN 1 AND 500)
);

CREATE INDEX refunds_payment_idx ON refunds (payment_id);

-- Double-entry ledger: debits positive, credits negative.
CREATE TABLE ledger_postings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_ref text        NOT NULL,
    account        text        NOT NULL,
    amount_minor   bigint      NOT NULL,
    currency       char(3)     NOT NULL,
    posted_at      timestamptz NOT NULL,
    CONSTRAINT ledger_postings_account_format CHECK (account ~ '^[a-z]+(:[A-Za-z0-9_-]+)+$')
);

CREATE INDEX ledger_postings_transaction_idx ON ledger_postings (transaction_ref);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (account, currency);

-- At commit, every transaction touched must sum to zero in each currency.
CREATE FUNCTION ledger_transaction_balances() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    unbalanced record;
BEGIN
    SELECT currency, sum(amount_minor) AS total INTO unbalanced
    FROM ledger_postings WHERE transaction_ref = NEW.transaction_ref
    GROUP BY currency HAVING sum(amount_minor) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance in %: %', NEW.transaction_ref, unbalanced.currency,
            unbalanced.total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_transactions_balance
    AFTER INSERT ON ledger_postings DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances();

-- The ledger is append-only, like the audit trail: a correction is a new, balancing transaction.
CREATE FUNCTION refuse_change_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ledger_postings_append_only
    BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();

CREATE TRIGGER ledger_postings_no_truncate
    BEFORE TRUNCATE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();

-- The memory of the simulated payment provider (the stand-in for a real provider in the demo and tests):
-- what it answered per idempotency key, so repeats and look-ups get the same answer across processes.
CREATE TABLE simulated_provider_operations (
    key          text PRIMARY KEY,
    operation    text        NOT NULL,
    amount_minor bigint,
    currency     char(3),
    outcome      text        NOT NULL CHECK (outcome IN ('APPROVED', 'DECLINED', 'PENDING')),
    reference    text        NOT NULL,
    reported     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);
