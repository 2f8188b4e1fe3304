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
import java.util.concurrent.atomic.AtomicLong;

import static com.bazaar.postgres.LockRaces.attempt;
import static com.bazaar.postgres.LockRaces.awaitBlockedBehind;
import static com.bazaar.postgres.LockRaces.begin;
import static com.bazaar.postgres.LockRaces.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V29: a reconciliation item's run and payment, and a settlement line's run, are checked once per statement instead of
 * by a foreign key's trigger per row - the same rules, whatever SQL writes them, whichever side moves: a reference to
 * nothing is refused (one bad row refuses the whole statement, COPY included), payments and runs are never deleted nor
 * re-keyed, an item or line never moves, and a TRUNCATE never leaves an item or a line referring to nothing - not even
 * racing an uncommitted insert, whichever goes first.
 */
class ReconciliationReferencesHoldSetBasedTest {

    private static final AtomicLong RUNS = new AtomicLong();

    private static TestDatabase db;
    private static JdbcClient app;
    private static JdbcClient owner;
    private static long seller;

    @BeforeAll
    static void setUp() {
        db = TestDatabases.fresh();
        app = new Database(db.dataSource()).jdbc();
        owner = JdbcClient.create(db.ownerDataSource());
        seller = app.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('ACME', 'Acme', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
    }

    /** A payment of an order of its own (one payment per order). */
    private static long payment() {
        long order = app.sql("INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key,"
                        + " placed_at, updated_at) VALUES (:s, 'b', 'PLACED', 100, 'USD', gen_random_uuid()::text,"
                        + " now(), now()) RETURNING id")
                .param("s", seller).query(Long.class).single();
        return app.sql("INSERT INTO payments (order_id, amount_minor, currency, status, created_at, updated_at)"
                        + " VALUES (:o, 100, 'USD', 'REQUIRES_AUTHORIZATION', now(), now()) RETURNING id")
                .param("o", order).query(Long.class).single();
    }

    private static long run() {
        long run = 1000 + RUNS.incrementAndGet();
        app.sql("INSERT INTO recon_runs (run_id, provider, file_sha256, file_name, status, created_at)"
                + " VALUES (:r, 'generic', repeat('a', 64), 'f.csv', 'STAGED', now())").param("r", run).update();
        return run;
    }

    private static String item(long run, long line, Long payment) {
        return "INSERT INTO recon_items (run_id, line, payment_id, category, difference, status) VALUES (" + run + ", "
                + line + ", " + payment + ", 'MATCHED', 'matched', 'NONE')";
    }

    private static String line(long run, long line) {
        return "INSERT INTO settlement_lines (run_id, line, provider_reference, type, gross_minor, fee_minor,"
                + " net_minor, currency, booking_date) VALUES (" + run + ", " + line + ", 'p', 'PAYMENT', 1, 0, 1,"
                + " 'USD', current_date)";
    }

    @Test
    void anItemOrLineOfNoRunOrAnItemOfNoPaymentIsRefusedAndOneBadRowRefusesTheStatement() throws Exception {
        long run = run();
        long p = payment();
        assertThatThrownBy(() -> app.sql(item(987654, 1, p)).update()).hasMessageContaining("recon_items_run_id_fkey");
        assertThatThrownBy(() -> app.sql(item(run, 1, 987654L)).update())
                .hasMessageContaining("recon_items_payment_id_fkey");
        assertThatThrownBy(() -> app.sql(line(987654, 1)).update())
                .hasMessageContaining("settlement_lines_run_id_fkey");
        // a classification's shape: many items in one statement, the last naming no payment
        assertThatThrownBy(() -> app.sql("INSERT INTO recon_items (run_id, line, payment_id, category, difference,"
                        + " status) SELECT :r, i, CASE WHEN i = 5000 THEN 987654 ELSE :p END, 'MATCHED', 'm', 'NONE'"
                        + " FROM generate_series(1, 5000) i").param("r", run).param("p", p).update())
                .hasMessageContaining("recon_items_payment_id_fkey");
        // staging's shape: COPY, the last line of a run that does not exist
        try (Connection c = db.dataSource().getConnection()) {
            String csv = run + ",1,p,PAYMENT,1,0,1,USD,2026-11-30\n987654,2,p,PAYMENT,1,0,1,USD,2026-11-30\n";
            assertThatThrownBy(() -> c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "COPY settlement_lines (run_id, line, provider_reference, type, gross_minor, fee_minor, net_minor,"
                            + " currency, booking_date) FROM STDIN (FORMAT csv)", new java.io.StringReader(csv)))
                    .hasMessageContaining("settlement_lines_run_id_fkey");
        }
        assertThat(app.sql("SELECT count(*) FROM recon_items WHERE run_id = :r").param("r", run).query(Long.class)
                .single()).isZero();
        assertThat(app.sql("SELECT count(*) FROM settlement_lines WHERE run_id = :r").param("r", run)
                .query(Long.class).single()).isZero();
        // what refers to what exists is accepted, an item without a payment too
        assertThatCode(() -> app.sql(line(run, 1)).update()).doesNotThrowAnyException();
        assertThatCode(() -> app.sql(item(run, 1, p)).update()).doesNotThrowAnyException();
        assertThatCode(() -> app.sql(item(run, 2, null)).update()).doesNotThrowAnyException();
    }

    @Test
    void paymentsAndRunsAreNeitherDeletedNorRekeyedAndItemsAndLinesNeverMove() {
        long run = run();
        long other = run();
        long p = payment();
        long q = payment();
        app.sql(item(run, 1, p)).update();
        app.sql(line(run, 1)).update();
        assertThatThrownBy(() -> owner.sql("DELETE FROM payments WHERE id = :p").param("p", p).update())
                .hasMessageContaining("recon_items_payment_id_fkey");
        assertThatThrownBy(() -> owner.sql("DELETE FROM payments WHERE id = :q").param("q", q).update())
                .as("a payment no item names is not deleted either: it is a record of money")
                .hasMessageContaining("a payment is never deleted");
        // an identity column refuses it already ("can only be updated to DEFAULT"); the trigger would otherwise
        assertThatThrownBy(() -> owner.sql("UPDATE payments SET id = 987654 WHERE id = :p").param("p", p).update())
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThatThrownBy(() -> owner.sql("DELETE FROM recon_runs WHERE run_id = :r").param("r", run).update())
                .hasMessageContaining("recon_items_run_id_fkey");
        assertThatThrownBy(() -> owner.sql("UPDATE recon_runs SET run_id = 987654 WHERE run_id = :r").param("r", run)
                .update()).hasMessageContaining("recon_items_run_id_fkey");
        assertThatThrownBy(() -> app.sql("UPDATE recon_items SET payment_id = :q WHERE run_id = :r").param("q", q)
                .param("r", run).update()).hasMessageContaining("recon_items_payment_id_fkey");
        assertThatThrownBy(() -> app.sql("UPDATE recon_items SET run_id = :o WHERE run_id = :r").param("o", other)
                .param("r", run).update()).hasMessageContaining("recon_items_run_id_fkey");
        // the application may not update settlement lines at all; their owner may not move one
        assertThatThrownBy(() -> owner.sql("UPDATE settlement_lines SET run_id = :o WHERE run_id = :r")
                .param("o", other)
                .param("r", run).update()).hasMessageContaining("settlement_lines_run_id_fkey");
        // what classification and resolution change still changes
        assertThatCode(() -> app.sql("UPDATE recon_items SET status = 'RESOLVED', resolution = 'ACCEPTED',"
                + " resolved_by = 'fin', reason = 'ok' WHERE run_id = :r").param("r", run).update())
                .doesNotThrowAnyException();
        assertThatCode(() -> app.sql("UPDATE payments SET updated_at = now() WHERE id = :p").param("p", p).update())
                .doesNotThrowAnyException();
        assertThat(app.sql("SELECT count(*) FROM payments WHERE id IN (:p, :q)").param("p", p).param("q", q)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aTruncateLeavesNothingReferringToNothingRacingAnUncommittedInsertWhicheverGoesFirst() throws Exception {
        // a separate database: this test empties payments and runs
        TestDatabase own = TestDatabases.fresh();
        JdbcClient ownApp = new Database(own.dataSource()).jdbc();
        JdbcClient ownOwner = JdbcClient.create(own.ownerDataSource());
        long seller = ownApp.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('TRUNC', 'T', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
        long anOrder = ownApp.sql("INSERT INTO orders (seller_id, buyer, status, total_minor, currency,"
                        + " idempotency_key, placed_at, updated_at) VALUES (:s, 'b', 'PLACED', 100, 'USD', 'k', now(),"
                        + " now()) RETURNING id").param("s", seller).query(Long.class).single();
        long p = ownApp.sql("INSERT INTO payments (order_id, amount_minor, currency, status, created_at, updated_at)"
                        + " VALUES (:o, 100, 'USD', 'REQUIRES_AUTHORIZATION', now(), now()) RETURNING id")
                .param("o", anOrder).query(Long.class).single();
        ownApp.sql("INSERT INTO recon_runs (run_id, provider, file_sha256, file_name, status, created_at)"
                + " VALUES (1, 'generic', repeat('a', 64), 'f.csv', 'STAGED', now())").update();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // committed items: a TRUNCATE of payments or runs alone is refused, with its referring tables it is not
            ownApp.sql(item(1, 1, p)).update();
            assertThat(attempt(own.ownerDataSource(), "TRUNCATE payments CASCADE"))
                    .hasMessageContaining("recon_items_payment_id_fkey");
            assertThat(attempt(own.ownerDataSource(), "TRUNCATE recon_runs CASCADE"))
                    .hasMessageContaining("recon_items_run_id_fkey");
            assertThat(ownApp.sql("SELECT count(*) FROM recon_items").query(Long.class).single()).isOne();

            // the insert first: the truncate waits for it, then sees its item and is refused
            try (Connection inserting = begin(own.dataSource())) {
                exec(inserting, item(1, 2, p));
                CompletableFuture<Throwable> truncate = CompletableFuture.supplyAsync(() -> attempt(
                        own.ownerDataSource(), "TRUNCATE payments CASCADE"), pool);
                awaitBlockedBehind(own.adminDataSource(), inserting, truncate, "the truncate waits for the insert");
                inserting.commit();
                assertThat(truncate.get(30, TimeUnit.SECONDS)).as("the truncate, after the insert committed")
                        .hasMessageContaining("recon_items_payment_id_fkey");
            }
            // the truncate first (with the items, as a foreign key allows): the insert waits, then finds no payment
            try (Connection truncating = begin(own.ownerDataSource())) {
                exec(truncating, "TRUNCATE recon_items, payments CASCADE");
                CompletableFuture<Throwable> insert = CompletableFuture.supplyAsync(() -> attempt(own.dataSource(),
                        item(1, 3, p)), pool);
                awaitBlockedBehind(own.adminDataSource(), truncating, insert, "the insert waits for the truncate");
                truncating.commit();
                assertThat(insert.get(30, TimeUnit.SECONDS)).as("the insert, after the truncate committed")
                        .hasMessageContaining("recon_items_payment_id_fkey");
            }
            assertThat(ownOwner.sql("SELECT count(*) FROM recon_items i WHERE NOT EXISTS (SELECT 1 FROM payments p"
                    + " WHERE p.id = i.payment_id) OR NOT EXISTS (SELECT 1 FROM recon_runs r"
                    + " WHERE r.run_id = i.run_id)")
                    .query(Long.class).single()).as("items referring to nothing").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
