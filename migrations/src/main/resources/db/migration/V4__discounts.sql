-- Discount rules: a percentage or a fixed amount per unit, for a product, a category or a whole seller,
-- with a validity window. Pricing (docs/pricing.md) picks the single best valid rule per order line.
CREATE TABLE discounts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id      bigint      NOT NULL,
    scope          text        NOT NULL,
    sku            text,
    category       text,
    percent_bp     int,
    amount_minor   bigint,
    currency       char(3)     NOT NULL,
    valid_from     timestamptz NOT NULL,
    valid_until    timestamptz,
    created_at     timestamptz NOT NULL,
    CONSTRAINT discounts_seller_currency FOREIGN KEY (seller_id, currency) REFERENCES sellers (id, currency),
    CONSTRAINT discounts_scope_valid CHECK (scope IN ('PRODUCT', 'CATEGORY', 'SELLER')),
    CONSTRAINT discounts_scope_target CHECK ((scope = 'PRODUCT') = (sku IS NOT NULL)
        AND (scope = 'CATEGORY') = (category IS NOT NULL)),
    CONSTRAINT discounts_one_kind CHECK ((percent_bp IS NULL) <> (amount_minor IS NULL)),
    CONSTRAINT discounts_percent_range CHECK (percent_bp IS NULL OR percent_bp BETWEEN 1 AND 10000),
    CONSTRAINT discounts_amount_positive CHECK (amount_minor IS NULL OR amount_minor > 0),
    CONSTRAINT discounts_window CHECK (valid_until IS NULL OR valid_until > valid_from)
);

CREATE INDEX discounts_seller_idx ON discounts (seller_id, valid_from);
