-- Database roles (docs/security.md, "Database roles"; ADR 0008). The schema belongs to bazaar_owner, which runs
-- the migrations; every command runs as bazaar_app, which gets exactly the privileges below and nothing else (no
-- TRUNCATE, TRIGGER or REFERENCES, no CREATE anywhere, no temporary tables); audit_chain_head moves only inside
-- audit_log_link, owned by bazaar_audit, a role nobody logs in as. Roles are created before the first migration
-- (db/roles/create-roles.sql). A later migration that creates a table, sequence or function grants what bazaar_app
-- needs on it in the same file: DatabasePrivilegesDocumentMatchesCodeTest fails for any object without a decision.

DO $$
BEGIN
    IF (SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname IN ('bazaar_owner', 'bazaar_app', 'bazaar_audit')) < 3
    THEN
        RAISE EXCEPTION 'the database roles bazaar_owner, bazaar_app and bazaar_audit do not exist: a DBA creates them '
            'as docs/security.md (Database roles) shows' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF current_user <> 'bazaar_owner' THEN
        RAISE EXCEPTION 'migrations run as bazaar_owner (SET ROLE bazaar_owner), not as %: see docs/security.md '
            '(Database roles)', current_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- PostgreSQL 15 no longer lets PUBLIC create in schema public; older servers did. Temporary tables would let a
    -- command shadow tables by name (pg_temp is searched first): nothing in Bazaar needs them. A REVOKE by a role
    -- that does not own the database is only a warning: the DBA then does it (docs/security.md).
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO bazaar_app, bazaar_audit;

-- ---- tables: what commands do with each (one line per table; a missing table fails the privileges test) ----
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;

GRANT SELECT ON flyway_schema_history TO bazaar_app;                        -- the schema check of every command
GRANT SELECT, INSERT ON installation TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON sellers TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON users TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON idempotency_keys TO bazaar_app;
GRANT SELECT, INSERT ON audit_log TO bazaar_app;                            -- append-only
GRANT SELECT ON audit_chain_head TO bazaar_app;                             -- moved only by audit_log_link
GRANT SELECT, INSERT, UPDATE ON products TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON stock TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON orders TO bazaar_app;
GRANT SELECT, INSERT ON order_lines TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON reservations TO bazaar_app;
GRANT INSERT ON outbox TO bazaar_app;                                       -- written, never read, by commands
GRANT SELECT, INSERT, UPDATE ON payments TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON refunds TO bazaar_app;
GRANT SELECT, INSERT ON ledger_postings TO bazaar_app;                      -- append-only
GRANT SELECT, INSERT ON simulated_provider_operations TO bazaar_app;
GRANT SELECT, INSERT ON discounts TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON catalog_import_lines TO bazaar_app;         -- staging (COPY FROM STDIN)
GRANT SELECT, INSERT ON import_rejections TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON inventory_sync_lines TO bazaar_app;         -- staging
GRANT SELECT, INSERT, UPDATE ON recon_runs TO bazaar_app;
GRANT SELECT, INSERT, DELETE ON settlement_lines TO bazaar_app;             -- staging (COPY); a failed run's lines
GRANT SELECT, INSERT, DELETE ON settlement_problems TO bazaar_app;          -- are removed before it is staged again
GRANT SELECT, INSERT, UPDATE ON recon_items TO bazaar_app;
GRANT SELECT, INSERT ON recon_waterfalls TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON order_refusals TO bazaar_app;
-- the Spring Batch job repository
GRANT SELECT, INSERT, UPDATE ON batch_job_instance TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON batch_job_execution TO bazaar_app;
GRANT SELECT, INSERT ON batch_job_execution_params TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON batch_step_execution TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON batch_step_execution_context TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON batch_job_execution_context TO bazaar_app;
GRANT USAGE ON SEQUENCE batch_job_instance_seq, batch_job_execution_seq, batch_step_execution_seq TO bazaar_app;
-- (identity columns draw from their own sequences without a privilege check: nothing to grant for them)

-- ---- the audit chain head: moved by audit_log_link alone ----
GRANT SELECT, UPDATE ON audit_chain_head TO bazaar_audit;

-- Every function runs with a fixed search_path, pg_temp last, so nothing a session creates (a temporary table
-- named audit_chain_head, a function named like a built-in) can stand in for what the function means.
ALTER FUNCTION array_is_distinct(text[]) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION audit_log_refuse_change() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION ledger_transaction_balances() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION refuse_change_append_only() SET search_path = pg_catalog, public, pg_temp;
-- Trigger functions fire whoever may execute them; nobody needs to call them. array_is_distinct stays executable by
-- PUBLIC: the CHECK constraint of users.roles calls it as the inserting role.
REVOKE ALL ON FUNCTION audit_log_refuse_change(), ledger_transaction_balances(), refuse_change_append_only(),
    audit_chain_head_guard() FROM PUBLIC;

-- A new owner needs CREATE on the function's schema, for the moment of the hand-over only (below).
GRANT CREATE ON SCHEMA public TO bazaar_audit;

-- The insert trigger of audit_log runs as bazaar_audit (SECURITY DEFINER): the only UPDATE of the head there is.
ALTER FUNCTION audit_log_link() SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION audit_log_link() OWNER TO bazaar_audit;
REVOKE ALL ON FUNCTION audit_log_link() FROM PUBLIC;

-- Appending locks the head first (so concurrent appends link one after another); a lock FOR UPDATE needs the UPDATE
-- privilege, which commands do not have: they take it through this function.
CREATE FUNCTION audit_chain_head_for_append(OUT seq bigint, OUT hash char(64))
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT h.seq, h.hash FROM public.audit_chain_head h WHERE h.id = 1 FOR UPDATE $$;
ALTER FUNCTION audit_chain_head_for_append() OWNER TO bazaar_audit;
REVOKE ALL ON FUNCTION audit_chain_head_for_append() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_head_for_append() TO bazaar_app;

REVOKE CREATE ON SCHEMA public FROM bazaar_audit;

-- The head moves only inside audit_log_link (running as bazaar_audit, called by the insert trigger), and only one
-- step forward. Before, "inside a trigger" was enough, and any session able to create a temporary trigger could move
-- it.
CREATE OR REPLACE FUNCTION audit_chain_head_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF TG_OP = 'UPDATE' AND current_user = 'bazaar_audit' AND pg_trigger_depth() >= 2
        AND NEW.id = OLD.id AND NEW.seq = OLD.seq + 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_chain_head moves only when an audit record is appended'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- ANALYZE needs the table's owner on PostgreSQL 15 (the MAINTAIN privilege came in 17). The importers refresh the
-- statistics of their staging table after staging; they do it through this procedure, which analyses nothing else.
CREATE PROCEDURE analyze_staging_table(staging_table text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF staging_table IS NULL
        OR staging_table NOT IN ('catalog_import_lines', 'inventory_sync_lines', 'settlement_lines') THEN
        RAISE EXCEPTION '% is not a staging table', staging_table USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE public.%I', staging_table);
END;
$$;
REVOKE ALL ON PROCEDURE analyze_staging_table(text) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE analyze_staging_table(text) TO bazaar_app;
