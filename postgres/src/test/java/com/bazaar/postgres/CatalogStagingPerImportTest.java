package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V27: each catalog import stages into a table of its own, which the application's login reaches only through the
 * procedures; a resumed import whose staged rows are gone stops instead of applying half a file; the upgrade moves
 * the rows of imports still in flight and drops those of completed ones.
 */
class CatalogStagingPerImportTest {

    private static long tables(JdbcClient jdbc, String name) {
        return jdbc.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'catalog_staging' AND tablename = :t")
                .param("t", name).query(Long.class).single();
    }

    @Test
    void anImportOpensItsTableAResumedOneNeedsItAndACompletedOneDropsIt() {
        TestDatabase db = TestDatabases.fresh();
        Database database = new Database(db.dataSource());
        JdbcCatalogImports imports = new JdbcCatalogImports(database);
        JdbcClient app = database.jdbc();

        assertThatThrownBy(() -> imports.prepare(41, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("staged before it stopped are gone").hasMessageContaining("as a new job");
        imports.prepare(41, false);
        assertThat(tables(app, "lines_41")).isOne();
        app.sql("INSERT INTO catalog_staging.lines_41 (import_id, row_no, sku, title, attributes, price_minor)"
                + " VALUES (41, 2, 'A', 'A', '{}', 100)").update();
        imports.prepare(41, true);
        imports.prepare(41, false); // opened again (a first chunk retried): what is staged stays
        assertThat(app.sql("SELECT catalog_staged_rows()").query(Long.class).single()).isOne();
        assertThatThrownBy(() -> app.sql("INSERT INTO catalog_staging.lines_41 (import_id, row_no, sku, title,"
                + " attributes, price_minor) VALUES (41, 3, 'B', 'B', '{}', -1)").update())
                .hasMessageContaining("price_minor"); // the template's constraints came along

        imports.discard(41);
        assertThat(tables(app, "lines_41")).isZero();
        assertThat(app.sql("SELECT catalog_staged_rows()").query(Long.class).single()).isZero();
        imports.discard(41); // nothing staged: nothing to do
    }

    @Test
    void theApplicationsLoginCreatesNoOtherTableThere() {
        JdbcClient app = new Database(TestDatabases.fresh().dataSource()).jdbc();
        assertThatThrownBy(() -> app.sql("CREATE TABLE catalog_staging.mine (x int)").update()).rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> app.sql("CALL catalog_staging_open(-1)").update()).rootCause()
                .hasMessageContaining("positive number");
    }

    @Test
    void theUpgradeMovesTheRowsOfImportsInFlightAndDropsThoseOfCompletedOnes() {
        TestDatabase db = TestDatabases.empty();
        Flyway.configure().dataSource(db.ownerDataSource()).locations("classpath:db/migration").target("26").load()
                .migrate();
        JdbcClient owner = JdbcClient.create(db.ownerDataSource());
        for (long instance : new long[]{1, 2}) {
            owner.sql("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
                    + " VALUES (:i, 0, 'catalog-import', :k)").param("i", instance).param("k", "key" + instance).update();
            owner.sql("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, status)"
                    + " VALUES (:i, 0, :i, now(), :s)").param("i", instance)
                    .param("s", instance == 1 ? "COMPLETED" : "FAILED").update();
            owner.sql("INSERT INTO catalog_import_lines (import_id, row_no, sku, title, attributes, price_minor)"
                    + " SELECT :i, g, 'S' || g, 'T', '{}', 100 FROM generate_series(2, 11) g").param("i", instance)
                    .update();
        }

        new Migrations(db.ownerDataSource()).migrate();

        assertThat(tables(owner, "lines_1")).as("a completed import's rows are not needed").isZero();
        assertThat(owner.sql("SELECT count(*) FROM catalog_staging.lines_2").query(Long.class).single()).isEqualTo(10);
        assertThat(owner.sql("SELECT count(*) FROM catalog_import_lines").query(Long.class).single()).isZero();
    }
}
