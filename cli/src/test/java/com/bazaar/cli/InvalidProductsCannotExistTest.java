package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Invalid products cannot exist: the CLI (through the domain) refuses them with a clear sentence, and a bad row
 * inserted with plain SQL is refused by a constraint. A seller user manages only its own catalog.
 */
class InvalidProductsCannotExistTest {

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static long acme;

    @BeforeAll
    static void setUp() {
        bazaar = TestBazaar.initialised(home);
        acme = bazaar.seller("ACME", "USD").id().value();
        bazaar.seller("GLOBEX", "EUR");
        bazaar.product("ACME", "MUG", "12.99", 5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'bad sku'|Title|1.00|SKU must be 1-64",
            "OK-1|''|1.00|title is required",
            "OK-2|Title|-1.00|price must not be negative",
            "OK-3|Title|1.001|more decimals than USD allows",
            "OK-4|Title|1,00|amount must be a plain decimal",
            "MUG|Title|1.00|already has a product with SKU MUG"})
    void theCliRefusesInvalidProducts(String sku, String title, String price, String message) {
        var run = bazaar.cli(bazaar.adminToken(), "product", "create", "--seller", "ACME", "--sku", sku, "--title", title,
                "--price", price);
        assertThat(run.exitCode()).as(run.toString()).isIn(ExitCode.REJECTED, ExitCode.CONFLICT);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
    }

    private static Throwable insert(String sku, String title, long price, String currency, String status) {
        return catchThrowable(() -> bazaar.jdbc.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency,"
                        + " status, created_at, updated_at) VALUES (:s, :sku, :title, :price, :currency, :status, now(), now())")
                .param("s", acme).param("sku", sku).param("title", title).param("price", price)
                .param("currency", currency).param("status", status).update());
    }

    @Test
    void theDatabaseRefusesInvalidProductsWrittenWithSql() {
        assertThat(insert("has space", "T", 100, "USD", "DRAFT")).hasMessageContaining("products_sku_format");
        assertThat(insert("T1", " padded ", 100, "USD", "DRAFT")).hasMessageContaining("products_title_valid");
        assertThat(insert("T2", "T", -1, "USD", "DRAFT")).hasMessageContaining("products_price_nonnegative");
        assertThat(insert("T3", "T", 0, "USD", "ACTIVE")).hasMessageContaining("products_active_has_price");
        assertThat(insert("T4", "T", 100, "EUR", "DRAFT")).hasMessageContaining("products_seller_currency");
        assertThat(insert("MUG", "T", 100, "USD", "DRAFT")).hasMessageContaining("products_sku_unique");
        assertThat(insert("T5", "T", 100, "USD", "GONE")).hasMessageContaining("products_status_valid");
    }

    @Test
    void aSellerUserManagesOnlyItsOwnCatalogAndCannotPlaceOrders() {
        String acmeUser = bazaar.user("acme-cat", Role.SELLER, "ACME");
        var own = bazaar.cli(acmeUser, "product", "create", "--seller", "ACME", "--sku", "OWN-1", "--title", "Own",
                "--price", "3.00");
        assertThat(own.exitCode()).as(own.toString()).isZero();
        assertThat(bazaar.cli(acmeUser, "inventory", "adjust", "--seller", "ACME", "--sku", "OWN-1", "--delta", "4",
                "--reason", "count").exitCode()).isZero();
        var other = bazaar.cli(acmeUser, "product", "create", "--seller", "GLOBEX", "--sku", "X", "--title", "X",
                "--price", "1.00");
        assertThat(other.exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(bazaar.cli(acmeUser, "product", "list", "--seller", "GLOBEX").exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(bazaar.cli(acmeUser, "order", "place", "--idempotency-key", "s-1", "--buyer", "b", "--seller", "ACME",
                "--line", "MUG:1").exitCode()).isEqualTo(ExitCode.DENIED);
        var placed = bazaar.order("for-acme", "ACME", "MUG:1");
        String id = placed.order().order().id().toString();
        assertThat(bazaar.cli(acmeUser, "order", "show", id).exitCode()).isZero();
        String globexUser = bazaar.user("globex-cat", Role.SELLER, "GLOBEX");
        // another seller's order or payment does not exist for a seller user (ExistenceIsNeverLeakedTest)
        assertThat(bazaar.cli(globexUser, "order", "show", id).exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(bazaar.cli(globexUser, "payment", "show",
                placed.order().payment().orElseThrow().id().toString()).exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void anAdjustmentNeverTakesStockBelowWhatIsReserved() {
        bazaar.product("ACME", "HELD", "1.00", 3);
        bazaar.order("holds-2", "ACME", "HELD:2");
        var run = bazaar.cli(bazaar.adminToken(), "inventory", "adjust", "--seller", "ACME", "--sku", "HELD", "--delta",
                "-2", "--reason", "breakage");
        assertThat(run.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("on hand cannot go below what is reserved: 3 on hand, 2 reserved");
        assertThat(bazaar.stock("on_hand", "HELD")).isEqualTo(3);
    }
}
