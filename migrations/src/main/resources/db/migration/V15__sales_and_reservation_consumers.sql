-- Consumers of issue 12, second part (docs/events.md "Consumers"): what the 'sales' consumer remembers of the orders
-- and refunds it has seen (so a cancellation or a refund finds its order's seller and day, from the event stream
-- alone), and the schedule of the 'reservations' consumer (when each order's reservations fall due).

-- One row per order the 'sales' consumer has seen. The sale's columns are set by its OrderPlaced; an order first seen
-- by its cancellation has only order_id and cancelled until its OrderPlaced comes.
CREATE TABLE sales_orders (
    order_id    bigint  PRIMARY KEY,
    payment_id  bigint  UNIQUE,
    seller      text,
    day         date,
    currency    char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    total_minor bigint  CHECK (total_minor >= 0),
    units       bigint  CHECK (units >= 0),
    cancelled   boolean NOT NULL,
    CONSTRAINT sales_orders_sale_known CHECK ((payment_id IS NULL) = (seller IS NULL)
        AND (payment_id IS NULL) = (day IS NULL) AND (payment_id IS NULL) = (currency IS NULL)
        AND (payment_id IS NULL) = (total_minor IS NULL) AND (payment_id IS NULL) = (units IS NULL))
);

-- One row per refund paid back (RefundIssued) the 'sales' consumer has seen, by the payment it refunds.
CREATE TABLE sales_refunds (
    refund_id    bigint  PRIMARY KEY,
    payment_id   bigint  NOT NULL,
    amount_minor bigint  NOT NULL CHECK (amount_minor > 0),
    currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX sales_refunds_payment ON sales_refunds (payment_id);

-- When each order's reservations fall due, from its StockReserved event ('reservations' consumer); the worker releases
-- the due ones and removes their rows.
CREATE TABLE reservation_expiries (
    order_id   bigint      PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX reservation_expiries_due ON reservation_expiries (expires_at, order_id);

REVOKE ALL ON sales_orders, sales_refunds, reservation_expiries FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON sales_orders TO bazaar_app;      -- DELETE: 'worker --rebuild sales'
GRANT SELECT, INSERT, DELETE ON sales_refunds TO bazaar_app;             -- DELETE: 'worker --rebuild sales'
GRANT SELECT, INSERT, UPDATE, DELETE ON reservation_expiries TO bazaar_app; -- DELETE: a released order's entry
