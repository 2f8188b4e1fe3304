-- The three database roles of Bazaar (docs/security.md, "Database roles"). Roles belong to the whole PostgreSQL
-- server, not to one database, so they are created once, before the first migration, by whoever may create roles:
-- the embedded server's bootstrap, a migration login with CREATEROLE (Migrations.migrate), the test harness, or a DBA.
-- Idempotent, and safe when two processes run it at the same moment. None of the roles can log in from here:
-- logins (and their passwords) are given by whoever sets the installation up.
--   bazaar_owner  owns every object of the schema; migrations run as it (SET ROLE bazaar_owner)
--   bazaar_app    what every command runs as: the table privileges V10 grants, nothing more
--   bazaar_audit  owns audit_log_link, the only code that may move audit_chain_head; nobody logs in as it
DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY ['bazaar_owner', 'bazaar_app', 'bazaar_audit'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created at the same moment by another process
            END;
        END IF;
    END LOOP;
    -- the owner hands audit_log_link to bazaar_audit (ALTER ... OWNER TO needs membership)
    IF NOT pg_catalog.pg_has_role('bazaar_owner', 'bazaar_audit', 'MEMBER') THEN
        BEGIN
            GRANT bazaar_audit TO bazaar_owner;
        EXCEPTION WHEN unique_violation THEN
            NULL;
        END;
    END IF;
END
$roles$;
