-- Every audit append starts with audit_chain_head_for_append() (V10), which reads the chain head and locks it for the
-- appending transaction. As a SQL-language SECURITY DEFINER function it could not be inlined, and PostgreSQL parsed
-- and planned its body at every call: about 3 % of the server's CPU in the order benchmark (perf, issue 16). The same
-- function in PL/pgSQL keeps its plan for the session. Same name, arguments, result, owner (bazaar_audit), privileges
-- (EXECUTE for bazaar_app only) and search_path: CREATE OR REPLACE keeps the owner and the grants.
CREATE OR REPLACE FUNCTION audit_chain_head_for_append(OUT seq bigint, OUT hash char(64))
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    SELECT h.seq, h.hash INTO STRICT seq, hash FROM public.audit_chain_head h WHERE h.id = 1 FOR UPDATE;
END;
$$;
