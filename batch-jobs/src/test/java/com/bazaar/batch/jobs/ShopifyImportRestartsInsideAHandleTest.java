package com.bazaar.batch.jobs;

import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.input.InputFile;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.testsupport.ShopifyExports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Shopify import whose staging fails in the chunk that starts in the middle of a handle (its first row, with the
 * product's title, vendor and option names, committed with the chunk before) restarts from its last committed chunk
 * and fills the handle's remaining rows from the product it saved with that chunk: every variant is imported once with
 * its product's title and vendor, and the rows skipped as images are counted once across both runs.
 */
class ShopifyImportRestartsInsideAHandleTest {

    private static final int HANDLES = 800;

    @TempDir
    Path dir;
    private JobsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new JobsFixture();
        fixture.seller("ACME");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Stages through the database, except that the {@code failing}th call of stage fails (once). */
    private static CatalogImports failingOnce(CatalogImports database, int failing) {
        AtomicInteger stages = new AtomicInteger();
        return (CatalogImports) Proxy.newProxyInstance(CatalogImports.class.getClassLoader(),
                new Class<?>[]{CatalogImports.class}, (proxy, method, args) -> {
                    if (method.getName().equals("stage") && stages.incrementAndGet() == failing) {
                        throw new IllegalStateException("the connection broke while staging (test)");
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aStepRestartedInsideAHandleImportsEveryVariantWithItsProduct() throws Exception {
        List<String> rows = ShopifyExports.rows(HANDLES, 9);
        int images = ShopifyExports.images(HANDLES, 9);
        // the second chunk starts with a row that is not its handle's first: the handle began in the first chunk
        String secondChunkStarts = rows.get(CatalogImportJobConfiguration.CHUNK);
        assertThat(secondChunkStarts).matches("product-\\d+,,,,,,[ML],.*");
        Path file = Files.writeString(dir.resolve("products_export.csv"), ShopifyExports.file(HANDLES, 9));
        var request = new CatalogImportRequest(SellerCode.of("ACME"), InputFile.identify(file), Mode.APPLY,
                "reject-file", Optional.empty(), "auto", false);

        Jobs failing = fixture.jobs(imports -> failingOnce(imports, 2));
        var failed = ((Launch.Ran) failing.start(fixture.admin, request)).report();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.failure()).get().asString().contains("the connection broke while staging");
        assertThat(fixture.count("SELECT count(*) FROM products")).isZero();
        failing.close();

        var restart = fixture.jobs().restart(fixture.admin, failed.execution(), repair -> { });
        var restarted = ((RestartOutcome.Restarted) restart).report();
        assertThat(restarted.status()).as(restarted.toString()).isEqualTo(JobStatus.COMPLETED);
        var details = (JobDetails.Import) restarted.details();
        assertThat(details.rejected()).isZero();
        assertThat(details.applied()).isTrue();
        assertThat(details.created()).isEqualTo(3L * HANDLES);
        assertThat(details.format()).contains(new JobDetails.Format("shopify", images, 0));

        Map<String, String> titles = new java.util.HashMap<>();
        fixture.sql.sql("SELECT sku, title || ' | ' || (attributes ->> 'vendor') || ' | ' || category FROM products")
                .query((rs, n) -> titles.put(rs.getString(1), rs.getString(2))).list();
        assertThat(titles).hasSize(3 * HANDLES);
        for (int h = 0; h < HANDLES; h++) {
            for (String size : List.of("S", "M", "L")) {
                assertThat(titles.get("P" + h + "-" + size))
                        .isEqualTo("Product " + h + " - " + size + " | Vendor " + h + " | Type " + h);
            }
        }
        assertThat(fixture.count("SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(1);
    }
}
