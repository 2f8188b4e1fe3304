-- Audit anchoring (issue 10): every record from now on is sealed with the installation's audit key, a secret kept
-- outside the database (a file on each host, see docs/audit.md). mac = HMAC-SHA256(key, hash), lower-case hex.
-- Records written before an installation had a key keep mac NULL; the verifier learns from the key file - not from
-- this table - from which record on a MAC is required, so clearing a MAC here is detected, not trusted.
ALTER TABLE audit_log ADD COLUMN mac text;

ALTER TABLE audit_log ADD CONSTRAINT audit_log_mac_format CHECK (mac IS NULL OR mac ~ '^[0-9a-f]{64}$');

-- No unsealed record is ever appended again: a host without the key cannot write one, even by a path that
-- bypasses the application. NOT VALID: the rule holds for every new row; the plain records of an upgraded
-- installation, written before the key existed, are left as they are.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_new_records_sealed CHECK (mac IS NOT NULL) NOT VALID;
