-- Audit chain stripes (ADR 0015, issue 16). One chain head serialised every audited transaction of the installation:
-- each held the head's row lock to its commit, so no two commits could share a WAL flush. The trail is now N = 8
-- chains ("stripes"), each with its own head; an append locks a free head (SKIP LOCKED), so up to 8 transactions
-- append at once and their commits share flushes.
--
-- What each record proves is unchanged: it is linked to the previous record of its stripe (prev_hash), its hash covers
-- its content and global sequence number, its MAC seals the hash. Each stripe starts from its own genesis hash (stripe
-- 1 from the 64 zeros the single chain started from, stripe s > 1 from sha256('bazaar audit stripe ' || s)), so a
-- record cannot be moved to another stripe without breaking both. The existing trail is stripe 1 unchanged: every
-- record keeps its hash and MAC, and every anchor still names the record it named.
--
-- seq stays the trail's reading order but is drawn from a sequence now, while the stripe's head is locked: it rises
-- within each stripe, and a rolled-back append leaves a gap (no longer a sign of removal; a removed record breaks its
-- stripe's links instead). Anchors cover every stripe through checkpoint records (action audit.checkpoint, stripe 1),
-- each naming every head as it was, taken with all heads locked (docs/audit.md).

ALTER TABLE audit_log ADD COLUMN stripe smallint NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_stripe_range CHECK (stripe BETWEEN 1 AND 64);
CREATE INDEX audit_log_checkpoint_idx ON audit_log (seq) WHERE action = 'audit.checkpoint';

ALTER TABLE audit_chain_head DROP CONSTRAINT audit_chain_head_id_check;
ALTER TABLE audit_chain_head ADD CONSTRAINT audit_chain_head_stripe_range CHECK (id BETWEEN 1 AND 64);
INSERT INTO audit_chain_head (id, seq, hash)
SELECT s, 0, encode(sha256(convert_to('bazaar audit stripe ' || s, 'UTF8')), 'hex')
FROM generate_series(2, 8) AS s;

CREATE SEQUENCE audit_log_seq AS bigint MINVALUE 1;
SELECT setval('audit_log_seq', greatest(max(seq), 1), max(seq) > 0) FROM audit_chain_head;
GRANT USAGE ON SEQUENCE audit_log_seq TO bazaar_audit;

-- The insert trigger: the record extends its own stripe (links to that head, a higher seq); the head moves with it.
-- Still SECURITY DEFINER as bazaar_audit (CREATE OR REPLACE keeps the owner and grants, not these clauses).
CREATE OR REPLACE FUNCTION audit_log_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    head public.audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM public.audit_chain_head WHERE id = NEW.stripe FOR UPDATE;
    IF NOT FOUND OR NEW.seq <= head.seq OR NEW.prev_hash <> head.hash THEN
        RAISE EXCEPTION 'audit record % does not extend chain stripe % (its head is % with hash %)', NEW.seq,
            NEW.stripe, head.seq, head.hash
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    UPDATE public.audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = NEW.stripe;
    RETURN NEW;
END;
$$;

-- A head moves only inside audit_log_link, and only forward (seq rises; it no longer rises by exactly one).
CREATE OR REPLACE FUNCTION audit_chain_head_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF TG_OP = 'UPDATE' AND current_user = 'bazaar_audit' AND pg_trigger_depth() >= 2
        AND NEW.id = OLD.id AND NEW.seq > OLD.seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_chain_head moves only when an audit record is appended'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- New functions are handed to bazaar_audit, which needs CREATE on the schema for the moment of the hand-over.
GRANT CREATE ON SCHEMA public TO bazaar_audit;

-- Appending locks a head first: the one this transaction already holds (a second append of the same transaction stays
-- in its stripe, so no transaction ever holds two heads and waits for a third), else the first free one, else (all
-- busy) one at random, waited for. Returns the head and the appended record's sequence number.
DROP FUNCTION audit_chain_head_for_append();
CREATE FUNCTION audit_chain_head_for_append(OUT stripe smallint, OUT seq bigint, OUT hash char(64),
                                            OUT next_seq bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    held text := current_setting('bazaar.audit_stripe', true);
BEGIN
    IF held IS NOT NULL AND held <> '' THEN
        SELECT h.id, h.seq, h.hash INTO STRICT stripe, seq, hash
        FROM public.audit_chain_head h WHERE h.id = held::smallint FOR UPDATE;
    ELSE
        SELECT h.id, h.seq, h.hash INTO stripe, seq, hash
        FROM public.audit_chain_head h ORDER BY h.id LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            SELECT h.id, h.seq, h.hash INTO STRICT stripe, seq, hash
            FROM public.audit_chain_head h
            WHERE h.id = (SELECT 1 + floor(random() * count(*))::int FROM public.audit_chain_head) FOR UPDATE;
        END IF;
        PERFORM set_config('bazaar.audit_stripe', stripe::text, true);
    END IF;
    next_seq := nextval('public.audit_log_seq');
END;
$$;
ALTER FUNCTION audit_chain_head_for_append() OWNER TO bazaar_audit;
REVOKE ALL ON FUNCTION audit_chain_head_for_append() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_head_for_append() TO bazaar_app;

-- A checkpoint locks every head, in stripe order (no other locker takes two, so no deadlock), reads them, and makes
-- the transaction's next append go to stripe 1: that append is the checkpoint record naming these heads.
CREATE FUNCTION audit_chain_heads_for_checkpoint() RETURNS TABLE (stripe smallint, seq bigint, hash char(64))
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    PERFORM set_config('bazaar.audit_stripe', '1', true);
    RETURN QUERY SELECT h.id, h.seq, h.hash FROM public.audit_chain_head h ORDER BY h.id FOR UPDATE;
END;
$$;
ALTER FUNCTION audit_chain_heads_for_checkpoint() OWNER TO bazaar_audit;
REVOKE ALL ON FUNCTION audit_chain_heads_for_checkpoint() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_heads_for_checkpoint() TO bazaar_app;

REVOKE CREATE ON SCHEMA public FROM bazaar_audit;
