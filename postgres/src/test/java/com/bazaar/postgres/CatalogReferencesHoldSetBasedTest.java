package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static com.bazaar.postgres.LockRaces.attempt;
import static com.bazaar.postgres.LockRaces.awaitBlockedBehind;
import static com.bazaar.postgres.LockRaces.begin;
import static com.bazaar.postgres.LockRaces.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V26: a product's (seller, currency) and a stock row's product are checked once per statement instead of by a
 * foreign key's trigger per row - the same rules, whatever SQL writes them, whichever side moves: a reference to
 * nothing is refused (one bad row refuses the whole statement), a referenced seller or product is neither deleted nor
 * re-keyed, and a delete racing an insert never leaves a stock row without its product (the locks a foreign key takes).
 */
class CatalogReferencesHoldSetBasedTest {

    private static TestDatabase db;
    private static JdbcClient app;
    private static JdbcClient owner;
    private static long acme;

    @BeforeAll
    static void setUp() {
        db = TestDatabases.fresh();
        app = new Database(db.dataSource()).jdbc();
        owner = JdbcClient.create(db.ownerDataSource());
        acme = app.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('ACME', 'Acme', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
    }

    private static long product(String sku) {
        return app.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status, created_at,"
                        + " updated_at) VALUES (:s, :sku, 'T', 100, 'USD', 'DRAFT', now(), now()) RETURNING id")
                .param("s", acme).param("sku", sku).query(Long.class).single();
    }

    private static void stock(long product) {
        app.sql("INSERT INTO stock (product_id, on_hand, reserved, updated_at) VALUES (:p, 1, 0, now())")
                .param("p", product).update();
    }

    @Test
    void aProductOfNoSellerOrInAnotherCurrencyIsRefusedAndOneBadRowRefusesTheStatement() {
        assertThatThrownBy(() -> app.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status,"
                + " created_at, updated_at) VALUES (:s, 'E1', 'T', 1, 'EUR', 'DRAFT', now(), now())")
                .param("s", acme).update()).hasMessageContaining("products_seller_currency");
        assertThatThrownBy(() -> app.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status,"
                + " created_at, updated_at) VALUES (987654, 'E2', 'T', 1, 'USD', 'DRAFT', now(), now())").update())
                .hasMessageContaining("products_seller_currency");
        // an import's shape: many rows in one statement, the last one in the wrong currency
        assertThatThrownBy(() -> app.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status,"
                        + " created_at, updated_at) SELECT :s, 'BULK-' || i, 'T', 1,"
                        + " CASE WHEN i = 5000 THEN 'EUR' ELSE 'USD' END, 'DRAFT', now(), now()"
                        + " FROM generate_series(1, 5000) i")
                .param("s", acme).update()).hasMessageContaining("products_seller_currency");
        assertThat(app.sql("SELECT count(*) FROM products WHERE sku LIKE 'BULK-%' OR sku LIKE 'E_'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aStockRowOfNoProductIsRefusedAndOneBadRowRefusesTheStatement() {
        long p = product("S1");
        assertThatThrownBy(() -> stock(987654)).hasMessageContaining("stock_product_id_fkey");
        assertThatThrownBy(() -> app.sql("INSERT INTO stock (product_id, on_hand, reserved, updated_at)"
                + " VALUES (:p, 1, 0, now()), (987655, 1, 0, now())").param("p", p).update())
                .hasMessageContaining("stock_product_id_fkey");
        assertThat(app.sql("SELECT count(*) FROM stock WHERE product_id = :p").param("p", p).query(Long.class)
                .single()).isZero();
        stock(p); // its own product, committed by an earlier transaction: accepted
    }

    @Test
    void aReferencedSellerOrProductIsNeitherDeletedNorRekeyedAndNothingMoves() {
        long p = product("R1");
        stock(p);
        assertThatThrownBy(() -> owner.sql("DELETE FROM products WHERE id = :p").param("p", p).update())
                .hasMessageContaining("stock_product_id_fkey");
        assertThatThrownBy(() -> owner.sql("DELETE FROM sellers WHERE id = :s").param("s", acme).update())
                .hasMessageContaining("products_seller_currency");
        assertThatThrownBy(() -> owner.sql("UPDATE sellers SET currency = 'EUR' WHERE id = :s").param("s", acme)
                .update()).hasMessageContaining("products_seller_currency");
        long other = app.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('OTHER', 'Other', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
        assertThatThrownBy(() -> app.sql("UPDATE products SET seller_id = :o WHERE id = :p").param("o", other)
                .param("p", p).update()).hasMessageContaining("products_seller_currency");
        long q = product("R2");
        assertThatThrownBy(() -> app.sql("UPDATE stock SET product_id = :q WHERE product_id = :p").param("q", q)
                .param("p", p).update()).hasMessageContaining("stock_product_id_fkey");
        // what is not referenced may go, as with a foreign key
        assertThatCode(() -> owner.sql("DELETE FROM products WHERE id = :q").param("q", q).update())
                .doesNotThrowAnyException();
        assertThatCode(() -> owner.sql("DELETE FROM sellers WHERE id = :o").param("o", other).update())
                .doesNotThrowAnyException();
    }

    @Test
    void aDeleteRacingAStockInsertNeverLeavesAnOrphanWhicheverGoesFirst() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // the insert first: the delete waits for it, then sees its stock row and is refused
            long p1 = product("RACE-1");
            try (Connection inserting = begin(db.dataSource())) {
                exec(inserting, "INSERT INTO stock (product_id, on_hand, reserved, updated_at) VALUES (" + p1
                        + ", 1, 0, now())");
                CompletableFuture<Throwable> delete = CompletableFuture.supplyAsync(() -> attempt(db.ownerDataSource(),
                        "DELETE FROM products WHERE id = " + p1), pool);
                awaitBlockedBehind(db.adminDataSource(), inserting, delete, "the delete waits for the insert's lock");
                inserting.commit();
                assertThat(delete.get(30, TimeUnit.SECONDS)).as("the delete, after the insert committed")
                        .hasMessageContaining("stock_product_id_fkey");
            }
            // the delete first: the insert waits for it, then finds no product and is refused
            long p2 = product("RACE-2");
            try (Connection deleting = begin(db.ownerDataSource())) {
                exec(deleting, "DELETE FROM products WHERE id = " + p2);
                CompletableFuture<Throwable> insert = CompletableFuture.supplyAsync(() -> attempt(db.dataSource(),
                        "INSERT INTO stock (product_id, on_hand, reserved, updated_at) VALUES (" + p2
                                + ", 1, 0, now())"), pool);
                awaitBlockedBehind(db.adminDataSource(), deleting, insert, "the insert waits for the delete");
                deleting.commit();
                assertThat(insert.get(30, TimeUnit.SECONDS)).as("the insert, after the delete committed")
                        .hasMessageContaining("stock_product_id_fkey");
            }
            assertThat(app.sql("SELECT count(*) FROM stock s WHERE NOT EXISTS (SELECT 1 FROM products p"
                    + " WHERE p.id = s.product_id)").query(Long.class).single()).as("orphan stock rows").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSellerDeleteRacingAProductInsertNeverLeavesAProductOfNoSeller() throws Exception {
        long seller = app.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('RACER', 'Racer', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection inserting = begin(db.dataSource())) {
            exec(inserting, "INSERT INTO products (seller_id, sku, title, price_minor, currency, status, created_at,"
                    + " updated_at) VALUES (" + seller + ", 'RACER-1', 'T', 1, 'USD', 'DRAFT', now(), now())");
            CompletableFuture<Throwable> delete = CompletableFuture.supplyAsync(() -> attempt(db.ownerDataSource(),
                    "DELETE FROM sellers WHERE id = " + seller), pool);
            awaitBlockedBehind(db.adminDataSource(), inserting, delete,
                    "the delete waits for the insert's lock on the seller");
            inserting.commit();
            assertThat(delete.get(30, TimeUnit.SECONDS)).hasMessageContaining("products_seller_currency");
        } finally {
            pool.shutdownNow();
        }
        assertThat(app.sql("SELECT count(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM sellers s"
                + " WHERE s.id = p.seller_id AND s.currency = p.currency)").query(Long.class).single()).isZero();
    }
}
