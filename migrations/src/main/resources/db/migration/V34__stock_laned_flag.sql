-- Since V33 every order read its products' stock with a look-up of their lanes (to count a split product's free lane
-- units as available), and locked it with another: about 35 us more per order of products that were never split,
-- nearly all of them (issue 16: 6 % of an order's database time). stock.laned says whether a product has lane rows at
-- all, so those reads look at lanes only for the few that have. A lane inserted marks its row (a trigger: also for
-- SQL written behind the application's back), and the mark is never taken back (lanes are never deleted). The flag
-- only saves work: a row wrongly unmarked would read its lanes' free units as reserved (fewer units to sell, never
-- more), and the constraints and triggers of V33 keep every lane within its row whatever the flag says.
ALTER TABLE stock ADD COLUMN laned boolean NOT NULL DEFAULT false;
UPDATE stock s SET laned = true WHERE EXISTS (SELECT 1 FROM stock_lanes l WHERE l.product_id = s.product_id);

CREATE FUNCTION stock_lanes_mark_their_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    UPDATE public.stock SET laned = true WHERE product_id = NEW.product_id AND NOT laned;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stock_lanes_mark_their_row AFTER INSERT ON stock_lanes FOR EACH ROW
    EXECUTE FUNCTION stock_lanes_mark_their_row();

CREATE FUNCTION stock_laned_stays() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    RAISE EXCEPTION 'update on table "stock" violates stock_laned_stays: product % has lanes (they are never deleted)',
        OLD.product_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_laned_stays', TABLE = 'stock';
END;
$$;
CREATE TRIGGER stock_laned_stays BEFORE UPDATE OF laned ON stock FOR EACH ROW
    WHEN (OLD.laned AND NOT NEW.laned)
    EXECUTE FUNCTION stock_laned_stays();

REVOKE ALL ON FUNCTION stock_lanes_mark_their_row(), stock_laned_stays() FROM PUBLIC;
