-- The references a reconciliation writes under, checked once per statement instead of by a foreign key's trigger per
-- row (issue 16, goal 3). Same rules, cheaper form; none is dropped (docs/invariants.md R1):
--
-- recon_items(run_id) -> recon_runs, recon_items(payment_id) -> payments and settlement_lines(run_id) -> recon_runs
-- ran one trigger and one look-up per row: 12.8 s of the 28 s statement that classifies a million payment lines, and
-- about 5 s of staging them (docs/performance.md). They become statement-level checks over the inserted rows
-- (transition tables: one anti-join per statement, COPY included).
--
-- A foreign key also locks each referenced row (FOR KEY SHARE: a write to a million payment rows) so that a concurrent
-- delete cannot remove it before the referencing row commits. Here the referenced rows cannot go at all: a payment
-- and a reconciliation run are records of money and are never deleted, nor re-keyed (the application never does
-- either, and its role has no DELETE on them: V10); the schema now refuses both, and refuses a TRUNCATE that would
-- leave items or lines referring to nothing (checked after the truncation, so truncating the referencing tables in
-- the same statement is allowed, as with a foreign key). The check reads payments and recon_runs, which holds their
-- ACCESS SHARE lock to the end of the transaction: a TRUNCATE (ACCESS EXCLUSIVE) waits for an uncommitted insert and
-- then sees its rows, and an insert behind a TRUNCATE waits and then sees the table empty.
-- A reconciliation item's run and payment, and a settlement line's run, never change (the domain never moves them;
-- the schema refuses any move). The errors name the constraints as before (SQLSTATE 23503 foreign_key_violation).

ALTER TABLE recon_items DROP CONSTRAINT recon_items_run_id_fkey, DROP CONSTRAINT recon_items_payment_id_fkey;
ALTER TABLE settlement_lines DROP CONSTRAINT settlement_lines_run_id_fkey;

-- Inserted items: their run exists, and their payment when they name one.
CREATE FUNCTION recon_items_references_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    missing bigint;
BEGIN
    SELECT count(*) INTO missing FROM (SELECT DISTINCT run_id FROM inserted) i
    WHERE NOT EXISTS (SELECT 1 FROM recon_runs r WHERE r.run_id = i.run_id);
    IF missing > 0 THEN
        RAISE EXCEPTION 'insert on table "recon_items" violates recon_items_run_id_fkey: items of % run(s) that do'
            ' not exist', missing
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'recon_items_run_id_fkey', TABLE = 'recon_items';
    END IF;
    SELECT count(*) INTO missing FROM inserted i
    WHERE i.payment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = i.payment_id);
    IF missing > 0 THEN
        RAISE EXCEPTION 'insert on table "recon_items" violates recon_items_payment_id_fkey: % item(s) name a payment'
            ' that does not exist', missing
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'recon_items_payment_id_fkey', TABLE = 'recon_items';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER recon_items_references AFTER INSERT ON recon_items REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION recon_items_references_check();

CREATE FUNCTION recon_items_keep_their_references() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    broken text := CASE WHEN OLD.run_id IS DISTINCT FROM NEW.run_id THEN 'recon_items_run_id_fkey'
                        ELSE 'recon_items_payment_id_fkey' END;
BEGIN
    RAISE EXCEPTION 'update on table "recon_items" violates %: an item''s run and payment never change (item %)',
        broken, OLD.id
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = broken, TABLE = 'recon_items';
END;
$$;
CREATE TRIGGER recon_items_keep_their_references BEFORE UPDATE OF run_id, payment_id ON recon_items FOR EACH ROW
    WHEN (OLD.run_id IS DISTINCT FROM NEW.run_id OR OLD.payment_id IS DISTINCT FROM NEW.payment_id)
    EXECUTE FUNCTION recon_items_keep_their_references();

-- Inserted (or copied) settlement lines: their run exists.
CREATE FUNCTION settlement_lines_run_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    missing bigint;
BEGIN
    SELECT count(*) INTO missing FROM (SELECT DISTINCT run_id FROM inserted) i
    WHERE NOT EXISTS (SELECT 1 FROM recon_runs r WHERE r.run_id = i.run_id);
    IF missing > 0 THEN
        RAISE EXCEPTION 'insert on table "settlement_lines" violates settlement_lines_run_id_fkey: lines of % run(s)'
            ' that do not exist', missing
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'settlement_lines_run_id_fkey',
                TABLE = 'settlement_lines';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER settlement_lines_run_id_fkey AFTER INSERT ON settlement_lines REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION settlement_lines_run_check();

CREATE FUNCTION settlement_lines_keep_their_run() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    RAISE EXCEPTION 'update on table "settlement_lines" violates settlement_lines_run_id_fkey: a line''s run never'
        ' changes (run %, line %)', OLD.run_id, OLD.line
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'settlement_lines_run_id_fkey',
            TABLE = 'settlement_lines';
END;
$$;
CREATE TRIGGER settlement_lines_keep_their_run BEFORE UPDATE OF run_id ON settlement_lines FOR EACH ROW
    WHEN (OLD.run_id IS DISTINCT FROM NEW.run_id)
    EXECUTE FUNCTION settlement_lines_keep_their_run();

-- Payments and reconciliation runs are never deleted, and keep their ids.
CREATE FUNCTION payments_and_runs_stay() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF TG_TABLE_NAME = 'payments' THEN
        RAISE EXCEPTION '% on table "payments" violates recon_items_payment_id_fkey: a payment is never deleted and'
            ' keeps its id (payment %)', lower(TG_OP), OLD.id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'recon_items_payment_id_fkey', TABLE = 'payments';
    END IF;
    RAISE EXCEPTION '% on table "recon_runs" violates recon_items_run_id_fkey: a reconciliation run is never deleted'
        ' and keeps its id (run %)', lower(TG_OP), OLD.run_id
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'recon_items_run_id_fkey', TABLE = 'recon_runs';
END;
$$;
CREATE TRIGGER payments_stay BEFORE DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_and_runs_stay();
CREATE TRIGGER payments_keep_their_id BEFORE UPDATE OF id ON payments FOR EACH ROW
    WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION payments_and_runs_stay();
CREATE TRIGGER recon_runs_stay BEFORE DELETE ON recon_runs FOR EACH ROW EXECUTE FUNCTION payments_and_runs_stay();
CREATE TRIGGER recon_runs_keep_their_id BEFORE UPDATE OF run_id ON recon_runs FOR EACH ROW
    WHEN (OLD.run_id IS DISTINCT FROM NEW.run_id) EXECUTE FUNCTION payments_and_runs_stay();

-- A TRUNCATE of payments or recon_runs that leaves anything referring to them (checked once every table of the
-- statement is truncated).
CREATE FUNCTION truncated_leaves_no_reference() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF TG_TABLE_NAME = 'payments' AND EXISTS (SELECT 1 FROM recon_items WHERE payment_id IS NOT NULL) THEN
        RAISE EXCEPTION 'truncate of table "payments" violates recon_items_payment_id_fkey: reconciliation items'
            ' name payments (truncate recon_items in the same statement)'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'recon_items_payment_id_fkey', TABLE = 'payments';
    END IF;
    IF TG_TABLE_NAME = 'recon_runs'
        AND (EXISTS (SELECT 1 FROM recon_items) OR EXISTS (SELECT 1 FROM settlement_lines)) THEN
        RAISE EXCEPTION 'truncate of table "recon_runs" violates recon_items_run_id_fkey: items or settlement lines'
            ' belong to runs (truncate recon_items and settlement_lines in the same statement)'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'recon_items_run_id_fkey', TABLE = 'recon_runs';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER payments_truncated AFTER TRUNCATE ON payments FOR EACH STATEMENT
    EXECUTE FUNCTION truncated_leaves_no_reference();
CREATE TRIGGER recon_runs_truncated AFTER TRUNCATE ON recon_runs FOR EACH STATEMENT
    EXECUTE FUNCTION truncated_leaves_no_reference();

-- Classification ends with fresh statistics of its items: the report's summary, planned from statistics taken before
-- a million items existed, probed them one by one (12.6 s, three times per run); now a hash join.
CREATE OR REPLACE PROCEDURE analyze_staging_table(staging_table text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF staging_table IS NULL
        OR staging_table NOT IN ('catalog_import_lines', 'inventory_sync_lines', 'settlement_lines', 'recon_items') THEN
        RAISE EXCEPTION '% is not a staging table', staging_table USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE public.%I', staging_table);
END;
$$;

REVOKE ALL ON FUNCTION recon_items_references_check(), recon_items_keep_their_references(),
    settlement_lines_run_check(), settlement_lines_keep_their_run(), payments_and_runs_stay(),
    truncated_leaves_no_reference() FROM PUBLIC;
