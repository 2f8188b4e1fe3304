-- Bounds on every amount and quantity (docs/invariants.md, M3 and V8), the database's copy of the domain's limits:
--   any single amount (line, order, payment, refund, posting, settlement line)   |x| <= 10^15 minor units  (Money.MAX_MINOR)
--   a unit price, a fixed discount per unit                                       0 <= x <= 10^11           (Product.MAX_PRICE_MINOR)
--   stock on hand (and so reserved), an on-hand count or delta of a sync row      |x| <= 10^9 units         (Stock.MAX_UNITS)
--   an order line's quantity (and so a reservation's)                             1 <= x <= 100000          (LineRequest.MAX_QUANTITY)
-- With these, no expression over one row overflows bigint (unit price x quantity <= 10^16; on_hand + delta <= 2 x 10^9).
-- Sums over many rows are computed as numeric (PostgreSQL's sum(bigint) is numeric) and read without getLong; the
-- payout waterfalls, which store such sums, become numeric below.
--
-- Existing rows: the business tables are checked now (ADD CONSTRAINT validates). Bazaar is pre-1.0 and a row beyond
-- these limits can only come from the overflow this migration closes; if one exists the migration fails, naming the
-- constraint, and changes nothing (it runs in one transaction): docs/invariants.md says how to find and fix the row.
-- The staging tables of file jobs hold only transient rows of earlier imports, never read again once the job ended;
-- their constraints are NOT VALID (enforced for every new row, old rows left as they are), so a leftover row of an
-- old import never blocks an upgrade.

ALTER TABLE products ADD CONSTRAINT products_price_bounded CHECK (price_minor <= 100000000000);

ALTER TABLE stock ADD CONSTRAINT stock_on_hand_bounded CHECK (on_hand <= 1000000000);

ALTER TABLE orders ADD CONSTRAINT orders_total_bounded CHECK (total_minor <= 1000000000000000);

ALTER TABLE order_lines ADD CONSTRAINT order_lines_amounts_bounded CHECK (unit_price_minor <= 100000000000
    AND discount_minor <= 1000000000000000 AND line_total_minor <= 1000000000000000);

ALTER TABLE reservations ADD CONSTRAINT reservations_quantity_bounded CHECK (quantity <= 100000);

ALTER TABLE payments ADD CONSTRAINT payments_amount_bounded CHECK (amount_minor <= 1000000000000000);

ALTER TABLE refunds ADD CONSTRAINT refunds_amount_bounded CHECK (amount_minor <= 1000000000000000);

ALTER TABLE ledger_postings ADD CONSTRAINT ledger_postings_amount_bounded
    CHECK (amount_minor BETWEEN -1000000000000000 AND 1000000000000000);

ALTER TABLE discounts ADD CONSTRAINT discounts_amount_bounded CHECK (amount_minor IS NULL OR amount_minor <= 100000000000);

ALTER TABLE settlement_lines ADD CONSTRAINT settlement_lines_amounts_bounded
    CHECK (gross_minor BETWEEN -1000000000000000 AND 1000000000000000
       AND fee_minor BETWEEN -1000000000000000 AND 1000000000000000
       AND net_minor BETWEEN -1000000000000000 AND 1000000000000000);

ALTER TABLE recon_items ADD CONSTRAINT recon_items_amounts_bounded
    CHECK ((expected_minor IS NULL OR expected_minor BETWEEN -1000000000000000 AND 1000000000000000)
       AND (actual_minor IS NULL OR actual_minor BETWEEN -1000000000000000 AND 1000000000000000));

ALTER TABLE simulated_provider_operations ADD CONSTRAINT simulated_provider_operations_amount_bounded
    CHECK (amount_minor IS NULL OR amount_minor BETWEEN -1000000000000000 AND 1000000000000000);

-- a payout's sums run over any number of lines: exact numeric, whole minor units
ALTER TABLE recon_waterfalls
    ALTER COLUMN gross TYPE numeric(38, 0),
    ALTER COLUMN fees TYPE numeric(38, 0),
    ALTER COLUMN refunds TYPE numeric(38, 0),
    ALTER COLUMN chargebacks TYPE numeric(38, 0),
    ALTER COLUMN adjustments TYPE numeric(38, 0),
    ALTER COLUMN payout TYPE numeric(38, 0);

-- staging of file jobs: enforced for new rows only (see above)
ALTER TABLE catalog_import_lines ADD CONSTRAINT catalog_import_lines_bounded
    CHECK (price_minor <= 100000000000 AND (quantity IS NULL OR quantity <= 1000000000)) NOT VALID;

ALTER TABLE inventory_sync_lines ADD CONSTRAINT inventory_sync_lines_bounded
    CHECK ((on_hand IS NULL OR on_hand <= 1000000000)
       AND (delta IS NULL OR delta BETWEEN -1000000000 AND 1000000000)) NOT VALID;
