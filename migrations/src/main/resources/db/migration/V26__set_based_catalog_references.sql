-- The rules a catalog import writes under, enforced once per statement instead of once per row (issue 16). Same
-- rules, cheaper form; none is dropped (docs/invariants.md P1, S1):
--
-- 1. products_sku_format: '^[A-Za-z0-9._-]{1,64}$' made PostgreSQL's regex engine expand the bounded repetition for
--    every row (about 4.7 us a row: 4-5 s of a million-product import). Length and character class checked apart
--    accept exactly the same SKUs.
-- 2. The foreign keys products(seller_id, currency) -> sellers(id, currency) and stock(product_id) -> products(id)
--    ran one trigger and one look-up per inserted row (about 14 s of a million-product import). They become
--    statement-level checks over the inserted rows (transition tables): one join per statement, and the same locks a
--    foreign key takes - FOR KEY SHARE on the referenced rows, so a concurrent delete waits or fails - except on
--    products created by the same transaction, which no other transaction can see, let alone delete (an import's
--    new products). The referenced side keeps its half of the rule: a seller or product still referenced cannot be
--    deleted or change its key (checked after the row is deleted or updated, as a foreign key's NO ACTION is, so a
--    reference committed meanwhile is seen). A product's seller and currency, and a stock row's product, never
--    change (the domain never moves them; a foreign key allowed moving to another valid reference, the schema now
--    refuses any move).
-- The errors name the constraints as before (SQLSTATE 23503 foreign_key_violation, 23514 check_violation).

ALTER TABLE products DROP CONSTRAINT products_sku_format;
ALTER TABLE products ADD CONSTRAINT products_sku_format
    CHECK (char_length(sku) BETWEEN 1 AND 64 AND sku !~ '[^A-Za-z0-9._-]');

ALTER TABLE products DROP CONSTRAINT products_seller_currency;
ALTER TABLE stock DROP CONSTRAINT stock_product_id_fkey;

-- Inserted products: their (seller, currency) pairs exist, locked against deletion until this transaction ends.
CREATE FUNCTION products_seller_currency_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    wanted bigint;
    found  bigint;
BEGIN
    SELECT count(*) INTO wanted FROM (SELECT DISTINCT seller_id, currency FROM inserted) d;
    SELECT count(*) INTO found FROM (SELECT 1 FROM sellers s
                                     WHERE (s.id, s.currency) IN (SELECT seller_id, currency FROM inserted)
                                     FOR KEY SHARE OF s) locked;
    IF found <> wanted THEN
        RAISE EXCEPTION 'insert on table "products" violates products_seller_currency: a product''s seller must exist'
            ' and sell in the product''s currency'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'products_seller_currency', TABLE = 'products';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER products_seller_currency AFTER INSERT ON products REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION products_seller_currency_check();

CREATE FUNCTION products_keep_their_seller() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    RAISE EXCEPTION 'update on table "products" violates products_seller_currency: a product''s seller and currency'
        ' never change (product %)', OLD.id
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'products_seller_currency', TABLE = 'products';
END;
$$;
CREATE TRIGGER products_keep_their_seller BEFORE UPDATE OF seller_id, currency ON products FOR EACH ROW
    WHEN (OLD.seller_id IS DISTINCT FROM NEW.seller_id OR OLD.currency IS DISTINCT FROM NEW.currency)
    EXECUTE FUNCTION products_keep_their_seller();

-- A seller whose products reference it keeps its id and currency, and is not deleted.
CREATE FUNCTION sellers_referenced_by_products() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF (TG_OP = 'DELETE' OR OLD.id IS DISTINCT FROM NEW.id OR OLD.currency IS DISTINCT FROM NEW.currency)
        AND EXISTS (SELECT 1 FROM products WHERE seller_id = OLD.id AND currency = OLD.currency) THEN
        RAISE EXCEPTION '% on table "sellers" violates products_seller_currency: seller % has products in %',
            lower(TG_OP), OLD.id, OLD.currency
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'products_seller_currency', TABLE = 'sellers';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sellers_referenced_by_products AFTER DELETE OR UPDATE OF id, currency ON sellers FOR EACH ROW
    EXECUTE FUNCTION sellers_referenced_by_products();

-- Inserted stock rows: their products exist; products of other transactions are locked against deletion.
CREATE FUNCTION stock_product_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
DECLARE
    missing bigint;
    others  bigint;
    locked  bigint;
BEGIN
    SELECT count(*) FILTER (WHERE p.id IS NULL),
           count(*) FILTER (WHERE p.id IS NOT NULL AND p.xmin <> pg_current_xact_id()::xid)
    INTO missing, others
    FROM inserted i LEFT JOIN products p ON p.id = i.product_id;
    IF missing = 0 AND others > 0 THEN
        -- as a foreign key does: a product deleted by a transaction that commits first is gone when the lock is had
        SELECT count(*) INTO locked FROM (SELECT 1 FROM products p
                                          WHERE p.id IN (SELECT product_id FROM inserted)
                                            AND p.xmin <> pg_current_xact_id()::xid
                                          FOR KEY SHARE OF p) l;
        missing := others - locked;
    END IF;
    IF missing > 0 THEN
        RAISE EXCEPTION 'insert on table "stock" violates stock_product_id_fkey: % stock row(s) for no product', missing
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'stock_product_id_fkey', TABLE = 'stock';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stock_product_id_fkey AFTER INSERT ON stock REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION stock_product_check();

CREATE FUNCTION stock_keeps_its_product() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    RAISE EXCEPTION 'update on table "stock" violates stock_product_id_fkey: a stock row''s product never changes'
        ' (product %)', OLD.product_id
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'stock_product_id_fkey', TABLE = 'stock';
END;
$$;
CREATE TRIGGER stock_keeps_its_product BEFORE UPDATE OF product_id ON stock FOR EACH ROW
    WHEN (OLD.product_id IS DISTINCT FROM NEW.product_id)
    EXECUTE FUNCTION stock_keeps_its_product();

-- A product with a stock row keeps its id and is not deleted.
CREATE FUNCTION products_referenced_by_stock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS
$$
BEGIN
    IF (TG_OP = 'DELETE' OR OLD.id IS DISTINCT FROM NEW.id)
        AND EXISTS (SELECT 1 FROM stock WHERE product_id = OLD.id) THEN
        RAISE EXCEPTION '% on table "products" violates stock_product_id_fkey: product % has a stock row',
            lower(TG_OP), OLD.id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'stock_product_id_fkey', TABLE = 'products';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER products_referenced_by_stock AFTER DELETE OR UPDATE OF id ON products FOR EACH ROW
    EXECUTE FUNCTION products_referenced_by_stock();

REVOKE ALL ON FUNCTION products_seller_currency_check(), products_keep_their_seller(), sellers_referenced_by_products(),
    stock_product_check(), stock_keeps_its_product(), products_referenced_by_stock() FROM PUBLIC;
