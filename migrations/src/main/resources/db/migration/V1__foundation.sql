-- Foundation: installation marker, sellers, users with roles and token hashes, idempotency keys,
-- and the append-only, hash-chained audit trail. Every rule of the domain that can be stated as a
-- constraint is stated here too (docs/invariants.md lists which test proves each one).

-- One row, ever: a second "bazaar init" collides with the primary key.
CREATE TABLE installation (
    id             smallint PRIMARY KEY CHECK (id = 1),
    initialised_at timestamptz NOT NULL
);

CREATE TABLE sellers (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code              text        NOT NULL,
    name              text        NOT NULL,
    currency          char(3)     NOT NULL,
    status            text        NOT NULL,
    suspension_reason text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           bigint      NOT NULL DEFAULT 0,
    CONSTRAINT sellers_code_unique UNIQUE (code),
    CONSTRAINT sellers_code_format CHECK (code ~ '^[A-Z][A-Z0-9_-]{1,31}$'),
    CONSTRAINT sellers_name_valid CHECK (char_length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
    CONSTRAINT sellers_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT sellers_status_valid CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    CONSTRAINT sellers_suspension_reason CHECK ((status = 'SUSPENDED') = (suspension_reason IS NOT NULL))
);

-- true when no element of the array appears twice
CREATE FUNCTION array_is_distinct(a text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT
    RETURN cardinality(a) = (SELECT count(DISTINCT x) FROM unnest(a) AS x);

CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL,
    roles      text[]      NOT NULL,
    seller_id  bigint REFERENCES sellers (id),
    token_hash char(64)    NOT NULL,
    token_hint text        NOT NULL,
    status     text        NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT users_name_unique UNIQUE (name),
    CONSTRAINT users_token_hash_unique UNIQUE (token_hash),
    CONSTRAINT users_name_format CHECK (name ~ '^[a-z][a-z0-9._-]{0,63}$'),
    CONSTRAINT users_roles_valid CHECK (cardinality(roles) >= 1
        AND roles <@ ARRAY ['admin', 'operator', 'seller', 'finance', 'sre', 'auditor']
        AND array_is_distinct(roles)),
    CONSTRAINT users_token_hash_format CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT users_status_valid CHECK (status IN ('ACTIVE', 'REVOKED')),
    CONSTRAINT users_revoked_at CHECK ((status = 'REVOKED') = (revoked_at IS NOT NULL)),
    -- a seller user is bound to exactly one seller, and only seller users are bound to one
    CONSTRAINT users_seller_binding CHECK (('seller' = ANY (roles)) = (seller_id IS NOT NULL)),
    CONSTRAINT users_seller_role_exclusive CHECK (NOT ('seller' = ANY (roles)) OR cardinality(roles) = 1)
);

CREATE INDEX users_seller_idx ON users (seller_id) WHERE seller_id IS NOT NULL;

-- A key is claimed in the same transaction as the change it guards; the primary key makes a
-- concurrent duplicate wait for the first and then see its outcome.
CREATE TABLE idempotency_keys (
    key         text PRIMARY KEY,
    operation   text        NOT NULL,
    fingerprint char(64)    NOT NULL,
    reference   text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The audit trail. seq runs 1, 2, 3... without gaps; prev_hash is the hash of record seq - 1.
-- The hash covers every other column (definition: AuditChain in the domain, docs/audit.md).
CREATE TABLE audit_log (
    seq            bigint PRIMARY KEY,
    occurred_at    timestamptz NOT NULL,
    actor_name     text        NOT NULL,
    actor_roles    text        NOT NULL,
    action         text        NOT NULL,
    target         text        NOT NULL,
    outcome        text        NOT NULL,
    before_json    text,
    after_json     text,
    reason         text,
    correlation_id text        NOT NULL,
    prev_hash      char(64)    NOT NULL,
    hash           char(64)    NOT NULL,
    CONSTRAINT audit_log_seq_positive CHECK (seq >= 1),
    CONSTRAINT audit_log_outcome_valid CHECK (outcome IN ('SUCCESS', 'DENIED')),
    CONSTRAINT audit_log_before_is_json CHECK (before_json IS NULL OR before_json::jsonb IS NOT NULL),
    CONSTRAINT audit_log_after_is_json CHECK (after_json IS NULL OR after_json::jsonb IS NOT NULL),
    CONSTRAINT audit_log_hash_format CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT audit_log_hash_unique UNIQUE (hash)
);

CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_name, seq);
CREATE INDEX audit_log_target_idx ON audit_log (target text_pattern_ops, seq);

-- The head of the chain: the last record's seq and hash. Appenders lock this row, so records are
-- linked one after another even when many transactions append at once.
CREATE TABLE audit_chain_head (
    id   smallint PRIMARY KEY CHECK (id = 1),
    seq  bigint   NOT NULL CHECK (seq >= 0),
    hash char(64) NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- The audit trail is append-only: the database refuses UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Every insert must be the next link of the chain; the head then moves with it.
CREATE FUNCTION audit_log_link() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
    IF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
        RAISE EXCEPTION 'audit record % does not extend the chain (head is % with hash %)', NEW.seq, head.seq, head.hash
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_log_link_to_head
    BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_link();

-- The head moves only through an audit insert (the trigger above), never by a direct UPDATE or DELETE.
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP <> 'UPDATE' OR pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'audit_chain_head moves only when an audit record is appended'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_chain_head_guarded
    BEFORE UPDATE OR DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();

CREATE TRIGGER audit_chain_head_no_truncate
    BEFORE TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
