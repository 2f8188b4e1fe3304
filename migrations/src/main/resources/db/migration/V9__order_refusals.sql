-- Orders refused by a business rule, counted by the rule's code: the source of
-- bazaar_orders_refused_total{reason} (oversell attempts are reason INSUFFICIENT_STOCK).
CREATE TABLE order_refusals (
    reason  text   PRIMARY KEY CHECK (reason ~ '^[A-Z][A-Z0-9_]*$'),
    refused bigint NOT NULL CHECK (refused >= 0)
);
