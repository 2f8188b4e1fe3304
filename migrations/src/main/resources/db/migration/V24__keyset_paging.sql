-- order list pages a seller's orders newest first by keyset (WHERE seller_id = ? AND id < cursor ORDER BY id DESC):
-- orders_seller_idx (seller_id, status, id) serves it only with a status filter; this one serves it without.
CREATE INDEX orders_seller_id_idx ON orders (seller_id, id);
