package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V11 on an installation that already has data (docs/invariants.md, M3, "Existing rows"): a business row beyond a
 * limit - left by the overflow V11 closes - fails the migration naming the constraint and changes nothing; a leftover
 * staged row of an old file job never blocks the upgrade.
 */
class AmountBoundsMigrationTest {

    private static JdbcClient before11(TestDatabase db) {
        Flyway.configure().dataSource(db.ownerDataSource()).locations("classpath:db/migration").target("9").load().migrate();
        JdbcClient jdbc = JdbcClient.create(db.ownerDataSource());
        jdbc.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                + " VALUES ('ACME', 'Acme', 'USD', 'ACTIVE', now(), now())").update();
        return jdbc;
    }

    @Test
    void aPriceBeyondTheLimitFailsTheMigrationByNameAndChangesNothing() {
        TestDatabase db = TestDatabases.empty();
        JdbcClient jdbc = before11(db);
        jdbc.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status, created_at, updated_at)"
                + " SELECT id, 'GOLD', 'Gold', 9223372036854775807, 'USD', 'DRAFT', now(), now() FROM sellers").update();
        Migrations migrations = new Migrations(db.ownerDataSource());

        assertThatThrownBy(migrations::migrate).hasMessageContaining("products_price_bounded");

        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.BEHIND);
        assertThat(jdbc.sql("SELECT count(*) FROM pg_constraint WHERE conname LIKE '%bounded'").query(Long.class)
                .single()).as("nothing of V11 stays behind").isZero();

        jdbc.sql("UPDATE products SET price_minor = 100000000000 WHERE sku = 'GOLD'").update();
        migrations.migrate();
        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.CURRENT);
    }

    @Test
    void aLeftoverStagedRowBeyondTheLimitDoesNotBlockTheUpgradeButNewOnesAreRefused() {
        TestDatabase db = TestDatabases.empty();
        JdbcClient jdbc = before11(db);
        jdbc.sql("INSERT INTO catalog_import_lines (import_id, row_no, sku, title, attributes, price_minor, original)"
                + " VALUES (1, 2, 'X', 'X', '{}', 9223372036854775807, '[]')").update();
        Migrations migrations = new Migrations(db.ownerDataSource());

        migrations.migrate();

        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.CURRENT);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO catalog_import_lines (import_id, row_no, sku, title, attributes,"
                + " price_minor) VALUES (1, 3, 'Y', 'Y', '{}', 9223372036854775807)").update())
                .hasMessageContaining("catalog_import_lines_bounded");
    }
}
