package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk of a catalog import or an inventory sync commits on the server, but its answer is lost (the connection breaks between the commit
 * and its acknowledgement: a terminated session, a failover, a network cut). The job cannot know the chunk committed,
 * so its reader goes back to the last position it knows committed and the restart reads that chunk again: staging it
 * again must be harmless - the restart completes with every row applied exactly once (before, the staging table's key
 * refused the chunk, and every restart failed the same way: the duplicate-key failure once seen in
 * DatabaseConnectionLossIT). Refund files and reconciliation stage nothing in chunks (docs/failure_scenarios.md, 1).
 */
class AChunkWhoseCommitAnswerWasLostIsStagedOnceTest {

    private static final int ROWS = 5_000; // five chunks of 1000

    @TempDir
    Path home;

    @Test
    void aCatalogImportRestartStagesTheChunkAgainHarmlesslyAndAppliesEveryRowOnce() throws Exception {
        TestBazaar bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        String admin = bazaar.adminToken();
        Path file = BazaarProcess.catalog(home.resolve("catalog.csv"), ROWS);

        String job = failsWithTheAnswerLost(bazaar, admin, "catalog-import", file);
        assertThat(count(bazaar, "SELECT count(*) FROM products")).isZero();

        var restart = bazaar.cli(admin, "job", "restart", job);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).containsPattern("created:\\s+" + ROWS);
        assertThat(count(bazaar, "SELECT count(*) FROM products")).isEqualTo(ROWS);
        assertThat(count(bazaar, "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
    }

    /**
     * The same for a Shopify export whose restart starts inside a handle: the product carried from row to row (its
     * title, vendor, type) is the one of the last chunk known to have committed, like the reader's position - not the
     * one the lost chunk reached - so the handle's remaining rows get their own product's columns.
     */
    @Test
    void aShopifyImportRestartedInsideAHandleFillsItsRowsFromTheChunkThatCommitted() throws Exception {
        TestBazaar bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        String admin = bazaar.adminToken();
        int handles = 1600;
        var rows = com.bazaar.testsupport.ShopifyExports.rows(handles, 9);
        assertThat(rows.get(2000)).as("the restart starts inside a handle").matches("product-\\d+,,,,,,[ML],.*");
        Path file = java.nio.file.Files.writeString(home.resolve("products_export.csv"),
                com.bazaar.testsupport.ShopifyExports.file(handles, 9));

        String job = failsWithTheAnswerLost(bazaar, admin, "catalog-import", file);
        var restart = bazaar.cli(admin, "job", "restart", job);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).containsPattern("created:\\s+" + 3 * handles).containsPattern("rejected:\\s+0\n")
                .containsPattern("skipped rows:\\s+" + com.bazaar.testsupport.ShopifyExports.images(handles, 9) + "\n");
        assertThat(count(bazaar, "SELECT count(*) FROM products WHERE title <> 'Product ' || substring(sku FROM 2"
                + " FOR position('-' IN sku) - 2) || ' - ' || split_part(sku, '-', 2)"
                + " OR attributes ->> 'vendor' <> 'Vendor ' || substring(sku FROM 2 FOR position('-' IN sku) - 2)"))
                .isZero();
    }

    @Test
    void anInventorySyncRestartStagesTheChunkAgainHarmlesslyAndAppliesEveryRowOnce() throws Exception {
        TestBazaar bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        String admin = bazaar.adminToken();
        var imported = bazaar.cli(admin, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                BazaarProcess.catalog(home.resolve("catalog.csv"), ROWS).toString(), "--mode", "apply");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        StringBuilder stock = new StringBuilder("sku,delta\n");
        for (int i = 0; i < ROWS; i++) {
            stock.append("SKU-").append(i).append(",7\n");
        }
        Path file = java.nio.file.Files.writeString(home.resolve("stock.csv"), stock);
        long before = count(bazaar, "SELECT sum(on_hand) FROM stock");

        String job = failsWithTheAnswerLost(bazaar, admin, "inventory-sync", file);
        assertThat(count(bazaar, "SELECT sum(on_hand) FROM stock")).isEqualTo(before);

        var restart = bazaar.cli(admin, "job", "restart", job);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(count(bazaar, "SELECT sum(on_hand) FROM stock")).as("each delta once").isEqualTo(before + 7L * ROWS);
        assertThat(count(bazaar, "SELECT count(*) FROM audit_log WHERE action = 'inventory.sync'")).isEqualTo(1);
    }

    /** Runs the job through the proxy, which loses the answer to the third chunk's commit; returns the job's id. */
    private String failsWithTheAnswerLost(TestBazaar bazaar, String token, String job, Path file) throws Exception {
        URI db = URI.create(bazaar.db.jdbcUrl().substring("jdbc:".length()));
        Run failed;
        try (var proxy = new CommitAnswerLosingProxy(db.getHost(), db.getPort(), 3)) {
            failed = cli(bazaar, "jdbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath() + "?sslmode=disable",
                    token, "job", "run", job, "--seller", "ACME", "--file", file.toString(), "--mode", "apply");
            assertThat(proxy.cut()).as("the answer to the third chunk's commit was lost").isTrue();
        }
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILURE);
        Matcher id = Pattern.compile("job (\\d+)").matcher(failed.err());
        assertThat(id.find()).as(failed.err()).isTrue();
        return id.group(1);
    }

    private static long count(TestBazaar bazaar, String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private Run cli(TestBazaar bazaar, String url, String token, String... args) {
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        env.put("BAZAAR_DB_URL", url);
        env.put("BAZAAR_TOKEN", token);
        var run = TestBazaar.run(env, args);
        return new Run(run.exitCode(), run.out(), run.err());
    }
}
