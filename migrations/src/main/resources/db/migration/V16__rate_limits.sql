-- Rate limits (issue 13; docs/rate_limits.md). Token buckets shared by every process of the installation, kept by
-- Bucket4j's PostgreSQL backend (PostgreSQLSelectForUpdateBasedProxyManager: SELECT ... FOR UPDATE of the bucket's
-- row, its state rewritten in the same transaction), one row per scope, rate and subject. expires_at (epoch
-- milliseconds) is when the bucket would be full again: past it the row says nothing a new full bucket would not, and
-- it is deleted.
CREATE TABLE rate_limit_buckets (
    id         text   PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 600),
    state      bytea,
    expires_at bigint
);
CREATE INDEX rate_limit_buckets_expiry_idx ON rate_limit_buckets (expires_at);

-- Refusals counted per scope, subject and window (the rate's period): the first refusal of a window is audited, the
-- others only counted here; the source of bazaar_rate_limited_total{scope}.
CREATE TABLE rate_limit_refusals (
    scope        text        NOT NULL CHECK (scope ~ '^[a-z]+(\.[a-z-]+)+$'),
    subject      text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    window_start timestamptz NOT NULL,
    refused      bigint      NOT NULL CHECK (refused >= 1),
    PRIMARY KEY (scope, subject, window_start)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_buckets TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON rate_limit_refusals TO bazaar_app;
