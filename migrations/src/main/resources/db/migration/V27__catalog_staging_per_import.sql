-- Catalog import staging: one table per import, dropped when its job completes (issue 16).
--
-- catalog_import_lines held every import's rows for good (ADR 0005: a clean-up was future work): a database reached
-- 3.3 GB after three imports of a million rows, and every scan of an import's rows also read all the others' (the
-- INSERT of a million new products: 12 s with only its own rows staged, 18 s beside one earlier import). A
-- partition per import would get its own statistics, but creating or dropping one locks the parent ACCESS
-- EXCLUSIVE: one seller's long apply would hold up every other import's start. So each import stages into a table
-- of its own, catalog_staging.lines_<import id>, shaped exactly like catalog_import_lines (which stays, empty, as
-- the template: same columns, CHECK constraints and primary key), created when the import's stage step opens and
-- dropped when the job completes. A failed or stopped import keeps its table for its restart, as it kept its rows
-- before; a restart whose table is gone stops rather than stage only the rest of the file. Bazaar's login may not create tables (docs/security.md, Database roles):
-- the procedures below do it for it, for tables of this schema named by an import id and nothing else.

CREATE SCHEMA catalog_staging;
REVOKE ALL ON SCHEMA catalog_staging FROM PUBLIC;
GRANT USAGE ON SCHEMA catalog_staging TO bazaar_app;

-- The staging table of an import, by its id (a positive number: nothing else can be named through the procedures).
CREATE FUNCTION catalog_staging_table(import bigint) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF import IS NULL OR import <= 0 THEN
        RAISE EXCEPTION 'an import id is a positive number (got %)', import USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN format('catalog_staging.%I', 'lines_' || import);
END;
$$;

CREATE PROCEDURE catalog_staging_open(import bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    staging text := catalog_staging_table(import);
BEGIN
    IF to_regclass(staging) IS NULL THEN
        EXECUTE format('CREATE TABLE %s (LIKE public.catalog_import_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS'
                           || ' INCLUDING INDEXES)', staging);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO bazaar_app', staging);
    END IF;
END;
$$;

CREATE PROCEDURE catalog_staging_analyze(import bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    EXECUTE format('ANALYZE %s', catalog_staging_table(import));
END;
$$;

CREATE PROCEDURE catalog_staging_close(import bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %s', catalog_staging_table(import));
END;
$$;

-- How many rows are staged now, over every import (for operators: what a stopped or failed import still holds).
CREATE FUNCTION catalog_staged_rows() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    t     regclass;
    n     bigint;
    total bigint := 0;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c
             WHERE c.relnamespace = 'catalog_staging'::regnamespace AND c.relkind = 'r' LOOP
        EXECUTE format('SELECT count(*) FROM %s', t) INTO n;
        total := total + n;
    END LOOP;
    RETURN total;
END;
$$;

REVOKE ALL ON PROCEDURE catalog_staging_open(bigint), catalog_staging_analyze(bigint), catalog_staging_close(bigint)
    FROM PUBLIC;
REVOKE ALL ON FUNCTION catalog_staged_rows(), catalog_staging_table(bigint) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE catalog_staging_open(bigint), catalog_staging_analyze(bigint),
    catalog_staging_close(bigint) TO bazaar_app;
GRANT EXECUTE ON FUNCTION catalog_staged_rows() TO bazaar_app;

-- Rows staged before this version: those of an import whose job has not completed move to the import's table (its
-- restart reads on from where it stopped); those of completed imports are no longer needed. An import holding a row
-- that today's bounds refuse (staged before V11) cannot move: it could never apply anyway, so it gets no table, and
-- its restart stops saying its staged rows are gone (never a half import).
DO $$
DECLARE
    import bigint;
BEGIN
    FOR import IN SELECT DISTINCT l.import_id FROM catalog_import_lines l
                  WHERE NOT EXISTS (SELECT 1 FROM batch_job_execution e
                                    WHERE e.job_instance_id = l.import_id AND e.status = 'COMPLETED') LOOP
        BEGIN
            CALL catalog_staging_open(import);
            EXECUTE format('INSERT INTO %s SELECT * FROM catalog_import_lines WHERE import_id = $1',
                           catalog_staging_table(import)) USING import;
        EXCEPTION WHEN check_violation THEN
            RAISE WARNING 'import %: its staged rows break today''s bounds and are dropped; its restart will say so',
                import;
        END;
    END LOOP;
END;
$$;
TRUNCATE catalog_import_lines;
COMMENT ON TABLE catalog_import_lines IS
    'The shape of an import''s staging table (catalog_staging.lines_<import id>, V27); holds no rows.';
