-- The format checks written on every order (issue 16, goal 2), in the form V26 gave products_sku_format: the same
-- rules without a bounded repetition ('{64}', '{1,100}'), which PostgreSQL's regex engine expands on every
-- evaluation (measured: '^[0-9a-f]{64}$' about 5-7 us a value, a length and a negated class about 0.5 us). An order
-- evaluates five of them - the audit record's hash, previous hash and MAC, the chain head's hash (inside the head's
-- lock, which orders take one at a time), the buyer - and a consumed event one. The accepted values are exactly the
-- same: a length check for the bound, a negated character class for the alphabet (char(64) values are compared
-- without their padding, as the regex compared them).

ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_format;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_hash_format
    CHECK (char_length(hash) = 64 AND hash !~ '[^0-9a-f]' AND char_length(prev_hash) = 64 AND prev_hash !~ '[^0-9a-f]');

ALTER TABLE audit_log DROP CONSTRAINT audit_log_mac_format;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_mac_format
    CHECK (mac IS NULL OR (char_length(mac) = 64 AND mac !~ '[^0-9a-f]'));

ALTER TABLE audit_chain_head DROP CONSTRAINT audit_chain_head_hash_check;
ALTER TABLE audit_chain_head ADD CONSTRAINT audit_chain_head_hash_check
    CHECK (char_length(hash) = 64 AND hash !~ '[^0-9a-f]');

ALTER TABLE orders DROP CONSTRAINT orders_buyer_format;
ALTER TABLE orders ADD CONSTRAINT orders_buyer_format
    CHECK (char_length(buyer) BETWEEN 1 AND 100 AND buyer !~ '[^A-Za-z0-9@._+-]');

ALTER TABLE processed_events DROP CONSTRAINT processed_events_consumer_check;
ALTER TABLE processed_events ADD CONSTRAINT processed_events_consumer_check
    CHECK (char_length(consumer) BETWEEN 1 AND 63 AND consumer ~ '^[a-z]' AND consumer !~ '[^a-z0-9-]');
