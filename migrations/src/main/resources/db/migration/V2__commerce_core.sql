-- Commerce core: products, stock, orders with their lines and reservations, and the outbox of domain events.
-- The rules of the domain stand here again as constraints (docs/invariants.md).

-- a product's currency must be its seller's: (id, currency) is referenced by products
ALTER TABLE sellers ADD CONSTRAINT sellers_id_currency_unique UNIQUE (id, currency);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id   bigint      NOT NULL,
    sku         text        NOT NULL,
    title       text        NOT NULL,
    description text,
    category    text,
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    price_minor bigint      NOT NULL,
    currency    char(3)     NOT NULL,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL DEFAULT 0,
    CONSTRAINT products_seller_currency FOREIGN KEY (seller_id, currency) REFERENCES sellers (id, currency),
    CONSTRAINT products_sku_unique UNIQUE (seller_id, sku),
    CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Za-z0-9._-]{1,64}$'),
    CONSTRAINT products_title_valid CHECK (char_length(title) BETWEEN 1 AND 200 AND title = btrim(title)),
    CONSTRAINT products_description_valid CHECK (description IS NULL OR char_length(description) BETWEEN 1 AND 5000),
    CONSTRAINT products_category_valid CHECK (category IS NULL OR char_length(category) BETWEEN 1 AND 100),
    CONSTRAINT products_attributes_object CHECK (jsonb_typeof(attributes) = 'object'),
    CONSTRAINT products_price_nonnegative CHECK (price_minor >= 0),
    CONSTRAINT products_status_valid CHECK (status IN ('DRAFT', 'ACTIVE', 'SUSPENDED', 'RETIRED')),
    CONSTRAINT products_active_has_price CHECK (status <> 'ACTIVE' OR price_minor > 0)
);

CREATE INDEX products_seller_status_idx ON products (seller_id, status, sku);

-- 0 <= reserved <= on_hand: overselling is impossible even for SQL written behind the application's back
CREATE TABLE stock (
    product_id bigint PRIMARY KEY REFERENCES products (id),
    on_hand    bigint      NOT NULL,
    reserved   bigint      NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT stock_never_oversold CHECK (reserved >= 0 AND reserved <= on_hand)
);

CREATE TABLE orders (
    id              bigint GENERATED ALWAYS AS IDENTITY (START WITH 1001) PRIMARY KEY,
    seller_id       bigint      NOT NULL,
    buyer           text        NOT NULL,
    status          text        NOT NULL,
    total_minor     bigint      NOT NULL,
    currency        char(3)     NOT NULL,
    idempotency_key text        NOT NULL,
    placed_at       timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 0,
    CONSTRAINT orders_seller_currency FOREIGN KEY (seller_id, currency) REFERENCES sellers (id, currency),
    -- duplicate orders cannot happen: one order per idempotency key, whatever the application does
    CONSTRAINT orders_idempotency_key_unique UNIQUE (idempotency_key),
    CONSTRAINT orders_buyer_format CHECK (buyer ~ '^[A-Za-z0-9@._+-]{1,100}$'),
    CONSTRAINT orders_status_valid CHECK (status IN ('PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    CONSTRAINT orders_total_nonnegative CHECK (total_minor >= 0)
);

CREATE INDEX orders_seller_idx ON orders (seller_id, status, id);

CREATE TABLE order_lines (
    order_id            bigint NOT NULL REFERENCES orders (id),
    line_no             int    NOT NULL,
    product_id          bigint NOT NULL REFERENCES products (id),
    sku                 text   NOT NULL,
    quantity            bigint NOT NULL,
    unit_price_minor    bigint NOT NULL,
    discount_minor      bigint NOT NULL,
    line_total_minor    bigint NOT NULL,
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT order_lines_product_once UNIQUE (order_id, product_id),
    CONSTRAINT order_lines_quantity_positive CHECK (quantity BETWEEN 1 AND 100000),
    CONSTRAINT order_lines_amounts_nonnegative CHECK (unit_price_minor >= 0 AND discount_minor >= 0
        AND line_total_minor >= 0),
    CONSTRAINT order_lines_total_adds_up CHECK (line_total_minor = unit_price_minor * quantity - discount_minor)
);

CREATE TABLE reservations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   bigint      NOT NULL REFERENCES orders (id),
    product_id bigint      NOT NULL REFERENCES products (id),
    quantity   bigint      NOT NULL,
    state      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    settled_at timestamptz,
    CONSTRAINT reservations_quantity_positive CHECK (quantity > 0),
    CONSTRAINT reservations_state_valid CHECK (state IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
    CONSTRAINT reservations_settled CHECK ((state = 'HELD') = (settled_at IS NULL)),
    CONSTRAINT reservations_once_per_order_line UNIQUE (order_id, product_id)
);

CREATE INDEX reservations_held_expiry_idx ON reservations (expires_at) WHERE state = 'HELD';
CREATE INDEX reservations_order_idx ON reservations (order_id);

-- The transactional outbox: domain events recorded with the change that caused them; published later.
CREATE TABLE outbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type     text        NOT NULL,
    event_version  int         NOT NULL CHECK (event_version >= 1),
    aggregate_type text        NOT NULL,
    aggregate_id   text        NOT NULL,
    payload        jsonb       NOT NULL,
    occurred_at    timestamptz NOT NULL,
    correlation_id text        NOT NULL,
    published_at   timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
