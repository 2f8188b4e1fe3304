package com.bazaar.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller's Shopify product export and Magento 2 catalog export (test-support's fixtures, in the shapes those
 * platforms document) import through {@code job run catalog-import} as they are: the format detected and named in the
 * summary, plan changing nothing, apply creating one product per Shopify variant and per Magento simple or virtual
 * product with their attributes, statuses and stock, the rows that are not products skipped and counted, and the
 * error report naming the seller's own columns and rows - a damaged barcode as a warning of a row that imports, a
 * variant without a SKU, a price the currency cannot hold, an unsupported Magento product type. A fixed report
 * imports again; a header of no format is refused listing what each format expects.
 */
class ShopifyAndMagentoExportsImportTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        admin = bazaar.adminToken();
    }

    private Path fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/catalog/" + name)) {
            assertThat(in).as(name).isNotNull();
            return Files.write(home.resolve(name), in.readAllBytes());
        }
    }

    private TestBazaar.Run importing(Path file, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("job", "run", "catalog-import", "--seller", "ACME",
                "--file", file.toString()));
        args.addAll(List.of(extra));
        return bazaar.cli(admin, args.toArray(String[]::new));
    }

    private String text(String sql) {
        return bazaar.jdbc.sql(sql).query(String.class).single();
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void aShopifyExportPlansThenAppliesOneProductPerVariant() throws Exception {
        Path file = fixture("shopify-products.csv");
        var plan = importing(file, "--on-error", "skip-rows");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).containsPattern("format:\\s+shopify\n").containsPattern("rows:\\s+10\n")
                .containsPattern("skipped rows:\\s+2\n").containsPattern("created:\\s+6\n")
                .containsPattern("rejected:\\s+2\n").containsPattern("generated skus:\\s+0\n")
                .contains("1 row(s) import with warnings (BARCODE_DAMAGED)");
        assertThat(count("SELECT count(*) FROM products")).isZero();

        Path report = home.resolve("errors.csv");
        var apply = importing(file, "--mode", "apply", "--on-error", "skip-rows", "--error-report", report.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).containsPattern("applied:\\s+true");
        assertThat(bazaar.jdbc.sql("SELECT sku FROM products ORDER BY sku").query(String.class).list())
                .containsExactly("MUG-GIFT", "POSTER-OLD", "SOCKS-LXL", "TEE-L-WHT", "TEE-M-BLK", "TEE-S-BLK");
        assertThat(text("SELECT title || ' | ' || status || ' | ' || category || ' | ' || attributes::text"
                + " FROM products WHERE sku = 'TEE-M-BLK'")).isEqualTo("Classic Tee - M / Black | ACTIVE | Shirts & Tops"
                + " | {\"size\": \"M\", \"color\": \"Black\", \"vendor\": \"Acme Apparel\", \"barcode\": \"012345678912\"}");
        assertThat(text("SELECT description FROM products WHERE sku = 'TEE-S-BLK'"))
                .isEqualTo("Soft organic cotton tee.\n- 100% cotton\n- Machine wash & tumble dry");
        assertThat(bazaar.stock("on_hand", "TEE-S-BLK")).isEqualTo(10);
        assertThat(bazaar.stock("on_hand", "MUG-GIFT")).isEqualTo(25);
        assertThat(text("SELECT status FROM products WHERE sku = 'MUG-GIFT'")).isEqualTo("DRAFT");
        assertThat(text("SELECT status FROM products WHERE sku = 'POSTER-OLD'")).as("archived").isEqualTo("RETIRED");
        assertThat(text("SELECT attributes::text FROM products WHERE sku = 'TEE-L-WHT'"))
                .as("the damaged barcode is not stored").doesNotContain("barcode").doesNotContain("E+11");

        var lines = Files.readAllLines(report);
        assertThat(lines.get(0)).startsWith("row,column,code,message,value,Handle,Title,Body (HTML),Vendor,");
        // the header and three rows, row 4 on five lines: its product's body (four line breaks) is filled in
        assertThat(lines).hasSize(1 + 5 + 1 + 1);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("4,Variant Barcode,BARCODE_DAMAGED,")
                .contains("3.65275E+11").contains(",classic-tee,Classic Tee,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("9,Variant SKU,SKU_MISSING,")
                .contains("--generate-sku"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("11,Variant Price,AMOUNT_PRECISION,"));

        // the seller fixes the price in the report and uploads it: the lamp imports, nothing else changes
        Path fixed = Files.writeString(home.resolve("fixed.csv"),
                Files.readString(report).replace(",24.999,", ",24.99,"));
        var again = importing(fixed, "--mode", "apply", "--on-error", "skip-rows");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("format:\\s+shopify\n").containsPattern("created:\\s+1\n")
                .containsPattern("unchanged:\\s+1\n").containsPattern("rejected:\\s+1\n");
        assertThat(count("SELECT price_minor FROM products WHERE sku = 'LAMP-01'")).isEqualTo(2499);
        assertThat(text("SELECT description FROM products WHERE sku = 'LAMP-01'"))
                .isEqualTo("LED desk lamp\nThree brightness levels.");
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(7);
    }

    @Test
    void generateSkuGivesTheVariantWithoutOneADeterministicSku() throws Exception {
        Path file = fixture("shopify-products.csv");
        var apply = importing(file, "--mode", "apply", "--on-error", "skip-rows", "--generate-sku");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).containsPattern("generated skus:\\s+1\n").containsPattern("created:\\s+7\n");
        assertThat(text("SELECT sku FROM products WHERE title = 'Wool Socks - S/M'")).matches("wool-socks-s-m-[0-9a-f]{8}");
        var json = importing(file, "--mode", "apply", "--on-error", "skip-rows", "--generate-sku", "--format",
                "shopify", "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).containsPattern("\"format\" ?: ?\"shopify\"").containsPattern("\"skipped_rows\" ?: ?2,")
                .containsPattern("\"generated_skus\" ?: ?1,").containsPattern("\"unchanged\" ?: ?7,");
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(7);
    }

    @Test
    void aMagentoExportImportsItsSimpleAndVirtualProducts() throws Exception {
        Path file = fixture("magento-catalog.csv");
        Path report = home.resolve("magento-errors.csv");
        var apply = importing(file, "--mode", "apply", "--on-error", "skip-rows", "--error-report", report.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).containsPattern("format:\\s+magento\n").containsPattern("skipped rows:\\s+2\n")
                .containsPattern("created:\\s+4\n").containsPattern("rejected:\\s+4\n");
        assertThat(bazaar.jdbc.sql("SELECT sku FROM products ORDER BY sku").query(String.class).list())
                .containsExactly("24-MB01", "GIFT-WRAP", "MH01-S-Black", "MH01-XS-Black");
        assertThat(text("SELECT title || ' | ' || status || ' | ' || category || ' | ' || price_minor"
                + " || ' | ' || (attributes ->> 'material') FROM products WHERE sku = '24-MB01'"))
                .isEqualTo("Joust Duffle Bag | ACTIVE | Bags | 3400 | Nylon|Polyester");
        assertThat(bazaar.stock("on_hand", "24-MB01")).isEqualTo(100);
        assertThat(text("SELECT attributes::text FROM products WHERE sku = 'MH01-XS-Black'"))
                .isEqualTo("{\"size\": \"XS\", \"color\": \"Black\"}");
        assertThat(text("SELECT status FROM products WHERE sku = 'GIFT-WRAP'")).isEqualTo("DRAFT");

        var lines = Files.readAllLines(report);
        assertThat(lines.get(0)).startsWith("row,column,code,message,value,sku,store_view_code,");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("5,product_type,UNSUPPORTED_PRODUCT_TYPE,")
                .contains("configurable products are not imported").contains(",MH01,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("8,product_type,UNSUPPORTED_PRODUCT_TYPE,")
                .contains("bundle"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("9,product_type,UNSUPPORTED_PRODUCT_TYPE,")
                .contains("grouped"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("11,qty,QUANTITY_INVALID,"));
        assertThat(String.join("\n", lines)).as("store-view rows are no errors").doesNotContain("Sac de sport");

        var rejectFile = importing(file, "--mode", "apply");
        assertThat(rejectFile.exitCode()).as("reject-file refuses the file: it has unsupported rows")
                .isEqualTo(ExitCode.REJECTED);
        assertThat(rejectFile.err()).contains("4 row(s) failed and --on-error is reject-file");
    }

    @Test
    void aHeaderOfNoFormatIsRefusedListingWhatEachFormatExpects() throws Exception {
        var unknown = importing(Files.writeString(home.resolve("items.csv"), "Item,Name,Cost\nA,B,1\n"));
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(unknown.err()).contains("unknown columns Item, Name, Cost")
                .contains("bazaar (sku, title, price;").contains("shopify (Handle, Title, Variant Price;")
                .contains("magento (sku, product_type, name, price;").doesNotContain("Exception");

        var wrong = importing(fixture("magento-catalog.csv"), "--format", "shopify");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(wrong.err()).contains("required column 'Handle' is missing")
                .contains("looks like a magento file: run with --format magento");

        var invalid = importing(fixture("shopify-products.csv"), "--format", "csv");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(invalid.err()).contains("--format must be auto, bazaar, shopify, magento (got 'csv')");

        var skuForBazaar = importing(Files.writeString(home.resolve("c.csv"), "sku,title,price\nA-1,Mug,1.00\n"),
                "--generate-sku");
        assertThat(skuForBazaar.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(skuForBazaar.err()).contains("--generate-sku applies to Shopify product CSVs only");
        assertThat(count("SELECT count(*) FROM products")).isZero();
    }

    @Test
    void aVariantRejectedByACatalogRuleIsReportedWithItsProductsColumnsFilledIn() throws Exception {
        Path report = home.resolve("dup-errors.csv");
        Path file = Files.writeString(home.resolve("dup.csv"), "Handle,Title,Variant SKU,Variant Price,Status\n"
                + "mug,Mug,MUG-1,3.00,active\n"
                + "mug,,MUG-2,4.00,\n"
                + "mug,,MUG-1,5.00,\n");
        var run = importing(file, "--mode", "apply", "--on-error", "skip-rows", "--error-report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        var lines = Files.readAllLines(report);
        // staging keeps no copy of an accepted row: row 4 is read from the file again, through the format, so the
        // product's title is filled in as it was when the row was checked (a fixed row then imports on its own)
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("4,Variant SKU,DUPLICATE_SKU,").contains(",mug,Mug,MUG-1,5.00,");
    }

    @Test
    void sellerTextFromAShopifyFileDoesNotReachTheTerminalRaw() throws Exception {
        String header = "Handle,Title,Variant SKU,Variant Price,Status\n";
        assertThat(importing(Files.writeString(home.resolve("a.csv"), header + "mug,Mug,MUG-1,3.00,active\n"),
                "--mode", "apply").exitCode()).isZero();
        Path hostile = Files.writeString(home.resolve("b.csv"), header
                + "mug,\"Mug<script>alert(1)</script>\u202e\",MUG-1,3.00,active\n", StandardCharsets.UTF_8);
        var plan = importing(hostile);
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("title 'Mug' -> 'Mug<script>alert(1)</script>\\u202e'")
                .doesNotContain("\u202e");
        var header2 = importing(Files.writeString(home.resolve("c.csv"), "Item\u001b[2J,Cost\nA,1\n"));
        assertThat(header2.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(header2.err()).contains("unknown columns Item\\x1b[2J, Cost").doesNotContain("\u001b");
    }
}
