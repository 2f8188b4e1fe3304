-- The outbox relay (issue 12; docs/events.md): `bazaar events relay` and the events-relay task of `bazaar serve` run
-- as bazaar_app. They read the rows not yet published, lowest id first (the partial index outbox_unpublished_idx of
-- V2 answers "published_at IS NULL ORDER BY id"), and set published_at once the broker acknowledged them: the only
-- column any command may change in the outbox. The event itself (type, payload, ...) stays as it was written.
-- One relay at a time across hosts is a session advisory lock, which needs no privilege.
GRANT SELECT ON outbox TO bazaar_app;
GRANT UPDATE (published_at) ON outbox TO bazaar_app;
