-- Event consumers (issue 12, docs/events.md "Consumers"): what each consumer has applied, the dead letters of every
-- consumer, and the read model of seller sales fed by order events.

-- One row per (consumer, event) applied: written in the same transaction as the consumer's effect, so an event
-- delivered again (at-least-once) finds its row and changes nothing.
CREATE TABLE processed_events (
    consumer     text        NOT NULL CHECK (consumer ~ '^[a-z][a-z0-9-]{0,62}$'),
    event_id     text        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 200),
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- Records a consumer gave up on, mirrored from the dead-letter topics (<topic>.dlt) by the worker: one row per
-- dead-letter record (its topic, partition and offset are unique), with what 'events dlq' needs to list, replay or
-- discard it. Rows are never deleted: a replay or a discard changes the status and says who and why.
CREATE TABLE dead_letters (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer          text        NOT NULL,
    topic             text        NOT NULL,
    record_partition  integer     NOT NULL,
    record_offset     bigint      NOT NULL,
    record_key        text,
    payload           text        NOT NULL,
    headers           text        NOT NULL,
    reason            text        NOT NULL CHECK (reason ~ '^[A-Z][A-Z0-9_]*$'),
    error             text        NOT NULL,
    attempts          integer     NOT NULL CHECK (attempts >= 1),
    dlt_topic         text        NOT NULL,
    dlt_partition     integer     NOT NULL,
    dlt_offset        bigint      NOT NULL,
    dead_at           timestamptz NOT NULL,
    status            text        NOT NULL DEFAULT 'DEAD' CHECK (status IN ('DEAD', 'REPLAYED', 'DISCARDED')),
    resolved_at       timestamptz,
    resolved_by       text,
    resolution_reason text,
    CONSTRAINT dead_letters_dlt_record_unique UNIQUE (dlt_topic, dlt_partition, dlt_offset),
    CONSTRAINT dead_letters_resolution CHECK ((status = 'DEAD') = (resolved_at IS NULL AND resolved_by IS NULL))
);
CREATE INDEX dead_letters_open ON dead_letters (consumer, id) WHERE status = 'DEAD';

-- The read model of the 'sales' consumer: orders, units and revenue per seller, day (UTC) and currency.
CREATE TABLE seller_sales_daily (
    seller        text    NOT NULL,
    day           date    NOT NULL,
    currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    orders        bigint  NOT NULL CHECK (orders >= 0),
    units         bigint  NOT NULL CHECK (units >= 0),
    revenue_minor bigint  NOT NULL,
    PRIMARY KEY (seller, day, currency)
);

REVOKE ALL ON processed_events, dead_letters, seller_sales_daily FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON processed_events TO bazaar_app;   -- DELETE: 'worker --rebuild' starts a consumer over
GRANT SELECT, INSERT, UPDATE ON dead_letters TO bazaar_app;       -- replay and discard are updates; never deleted
GRANT SELECT, INSERT, UPDATE, DELETE ON seller_sales_daily TO bazaar_app; -- DELETE: 'worker --rebuild sales'
