-- Stock lanes for a flash sale's hot SKU (ADR 0014, issue 16 goal 4). A product split into N lanes keeps its units
-- in its stock row as before (on_hand is always the product's total), and sets some of its free units aside in lanes:
-- each lane is a small escrow a buyer can reserve from while other buyers reserve from the other lanes, so N buyers of
-- the same product hold N different row locks instead of queueing for one.
--
-- The accounting, every term kept by a constraint or a trigger below:
--   stock.reserved = units held by reservations on the row (lane IS NULL) + sum(stock_lanes.allotted)
--   stock_lanes.taken = units held by reservations on that lane (lane = n)
--   0 <= taken <= allotted (stock_lanes_never_oversold), sum(allotted) <= stock.reserved (the two triggers),
--   0 <= stock.reserved <= stock.on_hand (stock_never_oversold, unchanged)
-- so the units held by all reservations, on the row and on every lane, never exceed on_hand: no lane can oversell and
-- neither can their sum, whatever SQL runs. A product's available stock is on_hand - reserved + sum(allotted - taken).

ALTER TABLE stock ADD COLUMN lanes smallint NOT NULL DEFAULT 1;
ALTER TABLE stock ADD CONSTRAINT stock_lanes_range CHECK (lanes BETWEEN 1 AND 64);

CREATE TABLE stock_lanes (
    product_id bigint   NOT NULL REFERENCES stock (product_id),
    lane       smallint NOT NULL,
    allotted   bigint   NOT NULL,
    taken      bigint   NOT NULL,
    PRIMARY KEY (product_id, lane),
    CONSTRAINT stock_lanes_lane_range CHECK (lane BETWEEN 1 AND 64),
    CONSTRAINT stock_lanes_never_oversold CHECK (taken >= 0 AND taken <= allotted AND allotted <= 1000000000)
);

-- Which lane a reservation holds its units on; NULL: on the product's stock row (every reservation before V33).
ALTER TABLE reservations ADD COLUMN lane smallint;
ALTER TABLE reservations ADD CONSTRAINT reservations_lane_range CHECK (lane IS NULL OR lane BETWEEN 1 AND 64);

-- A lane's allotment grows only out of units its stock row counts as reserved for the lanes.
CREATE FUNCTION stock_lanes_within_reserved() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    total_allotted bigint;
    row_reserved   bigint;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.product_id <> OLD.product_id OR NEW.lane <> OLD.lane) THEN
        RAISE EXCEPTION 'update on table "stock_lanes" violates stock_lanes_within_reserved: a lane never moves'
            ' (product %, lane %)', OLD.product_id, OLD.lane
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_lanes_within_reserved', TABLE = 'stock_lanes';
    END IF;
    SELECT reserved INTO row_reserved FROM public.stock WHERE product_id = NEW.product_id;
    SELECT sum(allotted) INTO total_allotted FROM public.stock_lanes WHERE product_id = NEW.product_id;
    IF total_allotted > row_reserved THEN
        RAISE EXCEPTION '% on table "stock_lanes" violates stock_lanes_within_reserved: the lanes of product % would'
            ' hold % units, more than its stock row sets aside (% reserved)', lower(TG_OP), NEW.product_id,
            total_allotted, row_reserved
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_lanes_within_reserved', TABLE = 'stock_lanes';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stock_lanes_within_reserved AFTER INSERT ON stock_lanes FOR EACH ROW
    WHEN (NEW.allotted > 0)
    EXECUTE FUNCTION stock_lanes_within_reserved();
-- not on a reservation's update of taken alone (a buyer's hot path): only when an allotment grows or a key changes
CREATE TRIGGER stock_lanes_grow_within_reserved AFTER UPDATE ON stock_lanes FOR EACH ROW
    WHEN (NEW.allotted > OLD.allotted OR NEW.product_id <> OLD.product_id OR NEW.lane <> OLD.lane)
    EXECUTE FUNCTION stock_lanes_within_reserved();

-- ... and a stock row's reserved never falls below what its lanes hold.
CREATE FUNCTION stock_reserved_covers_lanes() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    total_allotted bigint;
BEGIN
    SELECT sum(allotted) INTO total_allotted FROM public.stock_lanes WHERE product_id = NEW.product_id;
    IF total_allotted > NEW.reserved THEN
        RAISE EXCEPTION 'update on table "stock" violates stock_lanes_within_reserved: the row of product % would'
            ' reserve % units, fewer than its lanes hold (%)', NEW.product_id, NEW.reserved, total_allotted
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_lanes_within_reserved', TABLE = 'stock';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stock_reserved_covers_lanes AFTER UPDATE OF reserved ON stock FOR EACH ROW
    WHEN (NEW.reserved < OLD.reserved)
    EXECUTE FUNCTION stock_reserved_covers_lanes();

REVOKE ALL ON FUNCTION stock_lanes_within_reserved(), stock_reserved_covers_lanes() FROM PUBLIC;
REVOKE ALL ON stock_lanes FROM PUBLIC;
-- no DELETE: a lane, once created, stays (merging back sets stock.lanes = 1 and empties the lanes' free units)
GRANT SELECT, INSERT, UPDATE ON stock_lanes TO bazaar_app;
