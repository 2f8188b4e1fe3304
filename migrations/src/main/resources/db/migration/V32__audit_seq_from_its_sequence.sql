-- Since V31 an audit record's seq is drawn from audit_log_seq (inside audit_chain_head_for_append()), and the insert
-- trigger only required it to be above its stripe's head. A session able to insert into audit_log could then give a
-- record a number far beyond the sequence, and every later append to that stripe - whose numbers come from the
-- sequence - would be refused as "not extending" it: one stripe stopped by one insert. The trigger now also refuses a
-- number the sequence has not reached. Same function otherwise (owner bazaar_audit, SECURITY DEFINER, search_path).
CREATE OR REPLACE FUNCTION audit_log_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    head public.audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM public.audit_chain_head WHERE id = NEW.stripe FOR UPDATE;
    IF NOT FOUND OR NEW.seq <= head.seq OR NEW.prev_hash <> head.hash
        OR NEW.seq > coalesce(pg_sequence_last_value('public.audit_log_seq'), 0) THEN
        RAISE EXCEPTION 'audit record % does not extend chain stripe % (its head is % with hash %)', NEW.seq,
            NEW.stripe, head.seq, head.hash
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    UPDATE public.audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = NEW.stripe;
    RETURN NEW;
END;
$$;
