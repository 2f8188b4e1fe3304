package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V11: every amount and quantity column holds the domain's limits on its own (docs/invariants.md, M3) - the limit
 * itself is stored, one unit beyond is refused by a named constraint, whatever SQL writes it.
 */
class SchemaRefusesAmountsBeyondTheLimitsTest {

    private static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    private static final long MAX_PRICE = 100_000_000_000L;
    private static final long MAX_UNITS = 1_000_000_000L;

    private static JdbcClient jdbc;
    private static long seller;
    private static long product;
    private static long order;

    @BeforeAll
    static void setUp() {
        jdbc = new Database(TestDatabases.fresh().dataSource()).jdbc();
        seller = jdbc.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at) "
                + "VALUES ('ACME', 'Acme', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
        product = jdbc.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status, created_at,"
                + " updated_at) VALUES (:s, 'MUG', 'Mug', 100, 'USD', 'DRAFT', now(), now()) RETURNING id")
                .param("s", seller).query(Long.class).single();
        jdbc.sql("INSERT INTO stock (product_id, on_hand, reserved, updated_at) VALUES (:p, 0, 0, now())")
                .param("p", product).update();
        order = jdbc.sql("INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key, placed_at,"
                + " updated_at) VALUES (:s, 'b', 'PLACED', 100, 'USD', 'k0', now(), now()) RETURNING id")
                .param("s", seller).query(Long.class).single();
    }

    private static void refused(String constraint, String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (int i = 0; i < params.length; i++) {
            spec = spec.param(i + 1, params[i]);
        }
        var statement = spec;
        assertThatThrownBy(statement::update).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining(constraint);
    }

    private static void accepted(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (int i = 0; i < params.length; i++) {
            spec = spec.param(i + 1, params[i]);
        }
        var statement = spec;
        assertThatCode(statement::update).doesNotThrowAnyException();
    }

    @Test
    void aPriceAboveTheMaximumCannotBeStored() {
        accepted("UPDATE products SET price_minor = ? WHERE id = ?", MAX_PRICE, product);
        refused("products_price_bounded", "UPDATE products SET price_minor = ? WHERE id = ?", MAX_PRICE + 1, product);
        refused("products_price_bounded", "UPDATE products SET price_minor = ? WHERE id = ?", Long.MAX_VALUE, product);
        refused("discounts_amount_bounded", "INSERT INTO discounts (seller_id, scope, amount_minor, currency, valid_from,"
                + " created_at) VALUES (?, 'SELLER', ?, 'USD', now(), now())", seller, MAX_PRICE + 1);
    }

    @Test
    void stockAboveTheMaximumCannotBeStored() {
        accepted("UPDATE stock SET on_hand = ? WHERE product_id = ?", MAX_UNITS, product);
        refused("stock_on_hand_bounded", "UPDATE stock SET on_hand = ? WHERE product_id = ?", MAX_UNITS + 1, product);
        refused("reservations_quantity_bounded", "INSERT INTO reservations (order_id, product_id, quantity, state,"
                + " expires_at, created_at) VALUES (?, ?, 100001, 'HELD', now(), now())", order, product);
    }

    @Test
    void ordersPaymentsRefundsAndPostingsAboveTheMaximumCannotBeStored() {
        refused("orders_total_bounded", "UPDATE orders SET total_minor = ? WHERE id = ?", MAX_AMOUNT + 1, order);
        refused("order_lines_amounts_bounded", "INSERT INTO order_lines (order_id, line_no, product_id, sku, quantity,"
                + " unit_price_minor, discount_minor, line_total_minor) VALUES (?, 1, ?, 'MUG', 100000, ?, 0, ?)",
                order, product, MAX_PRICE + 1, (MAX_PRICE + 1) * 100_000);
        refused("payments_amount_bounded", "INSERT INTO payments (order_id, amount_minor, currency, status, created_at,"
                + " updated_at) VALUES (?, ?, 'USD', 'REQUIRES_AUTHORIZATION', now(), now())", order, MAX_AMOUNT + 1);
        refused("ledger_postings_amount_bounded", "INSERT INTO ledger_postings (transaction_ref, account, amount_minor,"
                + " currency, posted_at) VALUES ('t', 'provider:clearing', ?, 'USD', now())", -MAX_AMOUNT - 1);
        long payment = jdbc.sql("INSERT INTO payments (order_id, amount_minor, currency, status, created_at, updated_at)"
                + " VALUES (:o, :a, 'USD', 'REQUIRES_AUTHORIZATION', now(), now()) RETURNING id")
                .param("o", order).param("a", MAX_AMOUNT).query(Long.class).single();
        refused("refunds_amount_bounded", "INSERT INTO refunds (payment_id, amount_minor, currency, status, reason,"
                + " idempotency_key, created_at, updated_at) VALUES (?, ?, 'USD', 'PENDING', 'r', 'rk', now(), now())",
                payment, MAX_AMOUNT + 1);
    }

    @Test
    void settlementLinesAboveTheMaximumCannotBeStoredAndPayoutSumsAreExact() {
        jdbc.sql("INSERT INTO recon_runs (run_id, provider, file_sha256, file_name, status, created_at)"
                + " VALUES (1, 'generic', repeat('a', 64), 'f', 'STAGED', now())").update();
        refused("settlement_lines_amounts_bounded", "INSERT INTO settlement_lines (run_id, line, provider_reference, type,"
                + " gross_minor, fee_minor, net_minor, currency, booking_date) VALUES (1, 2, 'p', 'PAYMENT', ?, 0, ?,"
                + " 'USD', current_date)", MAX_AMOUNT + 1, MAX_AMOUNT + 1);
        // a payout's sums run over any number of lines: numeric, so ten thousand maximum amounts are stored exactly
        accepted("INSERT INTO recon_waterfalls (run_id, payout_id, currency, gross, fees, refunds, chargebacks,"
                + " adjustments, payout, adds_up) VALUES (1, 'p', 'USD', 10000 * ?::numeric, 0, 0, 0, 0, NULL, false)",
                MAX_AMOUNT);
        assertThat(jdbc.sql("SELECT gross::text FROM recon_waterfalls").query(String.class).single())
                .isEqualTo("10000000000000000000");
    }

    @Test
    void stagedFileRowsAboveTheMaximumCannotBeStored() {
        refused("catalog_import_lines_bounded", "INSERT INTO catalog_import_lines (import_id, row_no, sku, title,"
                + " attributes, price_minor) VALUES (1, 2, 'X', 'X', '{}', ?)", MAX_PRICE + 1);
        refused("inventory_sync_lines_bounded", "INSERT INTO inventory_sync_lines (import_id, row_no, sku, delta,"
                + " original) VALUES (1, 2, 'X', ?, '[]')", MAX_UNITS + 1);
    }
}
