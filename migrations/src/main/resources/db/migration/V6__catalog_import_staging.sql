-- Staging of catalog imports. A batch job instance (= one seller + one file checksum + mode + error policy) stages
-- each row once: accepted rows into catalog_import_lines, rejected rows (with every error and the original columns)
-- into catalog_import_rejections. The primary keys make a restarted job unable to stage a row twice.
CREATE TABLE catalog_import_lines (
    import_id   bigint  NOT NULL,
    row_no      bigint  NOT NULL,
    sku         text    NOT NULL,
    title       text    NOT NULL,
    description text,
    category    text,
    attributes  jsonb   NOT NULL,
    price_minor bigint  NOT NULL CHECK (price_minor >= 0),
    quantity    bigint CHECK (quantity >= 0),
    status      text CHECK (status IN ('DRAFT', 'ACTIVE', 'SUSPENDED', 'RETIRED')),
    original    jsonb   NOT NULL,
    rejected    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (import_id, row_no)
);

CREATE INDEX catalog_import_lines_sku_idx ON catalog_import_lines (import_id, sku, row_no);

CREATE TABLE catalog_import_rejections (
    import_id bigint NOT NULL,
    row_no    bigint NOT NULL,
    columns   text   NOT NULL,
    codes     text   NOT NULL,
    messages  text   NOT NULL,
    vals      text   NOT NULL,
    original  jsonb  NOT NULL,
    PRIMARY KEY (import_id, row_no)
);
