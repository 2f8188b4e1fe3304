package com.bazaar.batch.catalog;

import com.bazaar.batch.csv.CsvReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.batch.support.JobRejected;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shopify's product CSV and Magento 2's catalog export (the fixtures in test-support, written in the shapes those
 * platforms document) become the products a seller expects: one per Shopify variant with the product's columns
 * forward-filled, Magento's store-view rows and image rows skipped, unsupported product types and damaged barcodes
 * reported; the format is detected from the header, and a header of no format is refused naming what each expects.
 */
class CatalogFormatsMapTheSellersColumnsTest {

    private static final Path FILE = Path.of("catalog.csv");

    static List<CsvRecord> records(String csv) {
        List<CsvRecord> out = new ArrayList<>();
        new CsvReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))).forEachRemaining(out::add);
        return out;
    }

    static String fixture(String name) {
        try (InputStream in = CatalogFormatsMapTheSellersColumnsTest.class.getResourceAsStream(
                "/fixtures/catalog/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a file through the job's own classes, in the format requested (empty: detected). */
    private static Checked check(String csv, Optional<CatalogFormat> format, boolean generateSku) {
        var records = records(csv);
        var mapping = CatalogFormat.open(format, records.get(0).fields(), generateSku, FILE);
        var rows = new CatalogRows(mapping, new SellerId(1), CurrencyCode.of("USD"));
        List<CatalogRows.Checked> checked = records.subList(1, records.size()).stream().map(rows::check).toList();
        return new Checked(mapping, rows, checked);
    }

    private record Checked(CatalogMapping mapping, CatalogRows rows, List<CatalogRows.Checked> all) {
        Map<String, CatalogLine> lines() {
            return all.stream().filter(c -> c instanceof CatalogRows.Accepted).map(c -> ((CatalogRows.Accepted) c).line())
                    .collect(Collectors.toMap(l -> l.sku().value(), Function.identity()));
        }

        CatalogRows.Checked row(long row) {
            return all.stream().filter(c -> c.row() == row).findFirst().orElseThrow();
        }

        List<RowError> errors(long row) {
            assertThat(row(row)).as("row " + row).isInstanceOf(CatalogRows.Rejected.class);
            return ((CatalogRows.Rejected) row(row)).errors();
        }
    }

    @Test
    void theFormatIsDetectedFromTheHeader() {
        assertThat(CatalogFormat.detect(records(fixture("shopify-products.csv")).get(0).fields()))
                .isEqualTo(CatalogFormat.SHOPIFY);
        assertThat(CatalogFormat.detect(records(fixture("magento-catalog.csv")).get(0).fields()))
                .isEqualTo(CatalogFormat.MAGENTO);
        assertThat(CatalogFormat.detect(List.of("sku", "title", "price"))).isEqualTo(CatalogFormat.BAZAAR);
        assertThat(CatalogFormat.detect(List.of("row", "column", "code", "message", "value", "Handle", "Title",
                "Variant Price"))).as("a Shopify error report uploaded again").isEqualTo(CatalogFormat.SHOPIFY);
        assertThat(CatalogFormat.detect(List.of("sku", "attribute_set_code", "name", "price")))
                .isEqualTo(CatalogFormat.MAGENTO);
        assertThat(CatalogFormat.parse("auto")).isEmpty();
        assertThat(CatalogFormat.parse("Shopify")).contains(CatalogFormat.SHOPIFY);
        assertThatThrownBy(() -> CatalogFormat.parse("woocommerce")).hasMessageContaining(
                "--format must be auto, bazaar, shopify, magento (got 'woocommerce')");
    }

    @Test
    void anUnrecognisedHeaderIsRefusedListingWhatEachFormatExpects() {
        assertThatThrownBy(() -> CatalogFormat.open(Optional.empty(), List.of("Item", "Name", "Cost"), false, FILE))
                .isInstanceOf(JobRejected.class)
                .hasMessageContaining("unknown columns Item, Name, Cost")
                .hasMessageContaining("none of the formats the import reads")
                .hasMessageContaining("bazaar (sku, title, price;")
                .hasMessageContaining("shopify (Handle, Title, Variant Price;")
                .hasMessageContaining("magento (sku, product_type, name, price;");
        assertThatThrownBy(() -> CatalogFormat.open(Optional.of(CatalogFormat.BAZAAR),
                records(fixture("shopify-products.csv")).get(0).fields(), false, FILE))
                .hasMessageContaining("looks like a shopify file: run with --format shopify");
        assertThatThrownBy(() -> CatalogFormat.open(Optional.of(CatalogFormat.SHOPIFY),
                List.of("Handle", "Title", "Variant SKU"), false, FILE))
                .hasMessageContaining("required column 'Variant Price' is missing");
        assertThatThrownBy(() -> CatalogFormat.open(Optional.of(CatalogFormat.MAGENTO),
                List.of("Handle;Title;Variant SKU"), false, FILE))
                .hasMessageContaining("semicolon-separated");
        assertThatThrownBy(() -> CatalogFormat.open(Optional.empty(), List.of("sku", "title", "price"), true, FILE))
                .hasMessageContaining("--generate-sku applies to Shopify product CSVs only");
    }

    @Test
    void eachShopifyVariantIsAProductWithItsProductsColumnsForwardFilled() {
        var shopify = check(fixture("shopify-products.csv"), Optional.empty(), false);
        assertThat(shopify.mapping().format()).isEqualTo(CatalogFormat.SHOPIFY);
        var lines = shopify.lines();
        assertThat(lines).containsOnlyKeys("TEE-S-BLK", "TEE-M-BLK", "TEE-L-WHT", "MUG-GIFT", "POSTER-OLD",
                "SOCKS-LXL");

        var medium = lines.get("TEE-M-BLK");
        assertThat(medium.row()).isEqualTo(3);
        assertThat(medium.title()).isEqualTo("Classic Tee - M / Black");
        assertThat(medium.description()).contains("Soft organic cotton tee.\n- 100% cotton\n- Machine wash & tumble dry");
        assertThat(medium.category()).as("no Type: the deepest segment of Product Category").contains("Shirts & Tops");
        assertThat(medium.status()).contains(ProductStatus.ACTIVE);
        assertThat(medium.quantity()).contains(5L);
        assertThat(medium.price().minor()).isEqualTo(1999);
        assertThat(medium.attributes().values()).isEqualTo(Map.of("vendor", "Acme Apparel", "size", "M",
                "color", "Black", "barcode", "012345678912"));

        var mug = lines.get("MUG-GIFT");
        assertThat(mug.title()).as("Title / Default Title is no option").isEqualTo("Gift Mug");
        assertThat(mug.attributes().values()).isEqualTo(Map.of("vendor", "Acme Home"));
        assertThat(mug.status()).contains(ProductStatus.DRAFT);
        assertThat(mug.category()).as("Type first").contains("Mugs");
        assertThat(mug.description()).contains("Ceramic & dishwasher safe\n350 ml");
        assertThat(lines.get("POSTER-OLD").status()).as("archived").contains(ProductStatus.RETIRED);
        assertThat(lines.get("SOCKS-LXL").title()).isEqualTo("Wool Socks - L/XL");

        assertThat(shopify.row(5)).as("an image row").isInstanceOf(CatalogRows.Skipped.class);
        assertThat(shopify.row(6)).isInstanceOf(CatalogRows.Skipped.class);
        assertThat(shopify.rows().skipped()).isEqualTo(2);
    }

    @Test
    void aDamagedBarcodeIsAWarningAndLeftOutAMissingSkuAndABadPriceNameTheSellersColumns() {
        var shopify = check(fixture("shopify-products.csv"), Optional.empty(), false);
        var white = (CatalogRows.Accepted) shopify.row(4);
        assertThat(white.line().attributes().values()).doesNotContainKey("barcode");
        assertThat(white.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("BARCODE_DAMAGED");
            assertThat(w.column()).isEqualTo("Variant Barcode");
            assertThat(w.value()).isEqualTo("3.65275E+11");
        });
        assertThat(shopify.errors(9)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("SKU_MISSING");
            assertThat(shopify.mapping().column(e.column())).isEqualTo("Variant SKU");
        });
        assertThat(shopify.errors(11)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("AMOUNT_PRECISION");
            assertThat(shopify.mapping().column(e.column())).isEqualTo("Variant Price");
        });
        // a row as the error report shows it carries its product's columns, so a fixed row imports on its own
        var secondSock = (CatalogRows.Accepted) shopify.row(10);
        assertThat(secondSock.original().subList(0, 4)).containsExactly("wool-socks", "Wool Socks",
                "<p>Warm merino socks.</p>", "Acme Apparel");
        assertThat(secondSock.original().get(8)).as("Option1 Name").isEqualTo("Size");
    }

    @Test
    void generateSkuDerivesTheSameSkuFromTheHandleAndOptionsEveryTime() {
        var first = check(fixture("shopify-products.csv"), Optional.of(CatalogFormat.SHOPIFY), true);
        var again = check(fixture("shopify-products.csv"), Optional.of(CatalogFormat.SHOPIFY), true);
        var generated = ((CatalogRows.Accepted) first.row(9)).line().sku().value();
        assertThat(generated).matches("wool-socks-s-m-[0-9a-f]{8}");
        assertThat(((CatalogRows.Accepted) again.row(9)).line().sku().value()).isEqualTo(generated);
        assertThat(first.rows().generatedSkus()).isEqualTo(1);
        assertThat(ShopifyMapping.generatedSku("x".repeat(200), List.of("Größe", "红"))).hasSizeLessThanOrEqualTo(64)
                .matches("[a-z0-9._-]+");
        assertThat(ShopifyMapping.generatedSku("tee", List.of("Red/Blue")))
                .isNotEqualTo(ShopifyMapping.generatedSku("tee", List.of("Red Blue")));
    }

    @Test
    void aShopifyStepRestartedInsideAHandleFillsItsRowsAsTheFirstRunDid() {
        String csv = fixture("shopify-products.csv");
        var records = records(csv);
        var header = records.get(0).fields();
        var first = new CatalogRows(CatalogFormat.open(Optional.empty(), header, false, FILE), new SellerId(1),
                CurrencyCode.of("USD"));
        first.check(records.get(1)); // row 2, the first row of classic-tee, in the chunk that committed
        Map<String, String> saved = first.state();

        var restarted = new CatalogRows(CatalogFormat.open(Optional.empty(), header, false, FILE), new SellerId(1),
                CurrencyCode.of("USD"));
        restarted.restore(saved);
        var medium = (CatalogRows.Accepted) restarted.check(records.get(2));
        assertThat(medium.line().title()).isEqualTo("Classic Tee - M / Black");
        assertThat(medium.line().attributes().values()).containsEntry("vendor", "Acme Apparel");

        var fresh = new CatalogRows(CatalogFormat.open(Optional.empty(), header, false, FILE), new SellerId(1),
                CurrencyCode.of("USD"));
        fresh.restore(Map.of());
        assertThat(fresh.check(records.get(2))).as("without the saved product the row has no title")
                .isInstanceOf(CatalogRows.Rejected.class);
    }

    @Test
    void magentoImportsSimpleAndVirtualProductsAndSkipsStoreViewRows() {
        var magento = check(fixture("magento-catalog.csv"), Optional.empty(), false);
        assertThat(magento.mapping().format()).isEqualTo(CatalogFormat.MAGENTO);
        var lines = magento.lines();
        assertThat(lines).containsOnlyKeys("24-MB01", "MH01-XS-Black", "MH01-S-Black", "GIFT-WRAP");

        var bag = lines.get("24-MB01");
        assertThat(bag.title()).isEqualTo("Joust Duffle Bag");
        assertThat(bag.price().minor()).as("34.000000").isEqualTo(3400);
        assertThat(bag.quantity()).as("100.0000").contains(100L);
        assertThat(bag.category()).as("the deepest path's last segment").contains("Bags");
        assertThat(bag.status()).contains(ProductStatus.ACTIVE);
        assertThat(bag.description().orElseThrow()).startsWith("The sporty Joust Duffle Bag can't be beat")
                .contains("\n- Dual top handles.").doesNotContain("<");
        assertThat(bag.attributes().values()).containsEntry("material", "Nylon|Polyester")
                .containsEntry("style_bags", "Duffel").hasSize(5);

        var child = lines.get("MH01-XS-Black");
        assertThat(child.category()).contains("Hoodies & Sweatshirts");
        assertThat(child.attributes().values()).isEqualTo(Map.of("color", "Black", "size", "XS"));
        var wrap = lines.get("GIFT-WRAP");
        assertThat(wrap.status()).as("product_online 0").contains(ProductStatus.DRAFT);
        assertThat(wrap.description()).as("short_description when description is empty")
                .contains("Wrapped by hand, with a card.");

        assertThat(magento.row(3)).as("store view fr").isInstanceOf(CatalogRows.Skipped.class);
        assertThat(magento.row(4)).as("store view de").isInstanceOf(CatalogRows.Skipped.class);
        assertThat(magento.rows().skipped()).isEqualTo(2);
        for (long row : List.of(5L, 8L, 9L)) {
            assertThat(magento.errors(row)).singleElement().satisfies(e -> {
                assertThat(e.code()).isEqualTo("UNSUPPORTED_PRODUCT_TYPE");
                assertThat(e.column()).isEqualTo("product_type");
            });
        }
        assertThat(magento.errors(5).get(0).message()).contains("configurable products are not imported");
        assertThat(magento.errors(11)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("QUANTITY_INVALID");
            assertThat(magento.mapping().column(e.column())).isEqualTo("qty");
        });
    }

    @Test
    void magentoCellsAreReadAsMagentoWritesThem() {
        assertThat(MagentoMapping.attributes("color=Black,climate=Cool, Indoor,size=M").values())
                .isEqualTo(Map.of("color", "Black", "climate", "Cool, Indoor", "size", "M"));
        assertThatThrownBy(() -> MagentoMapping.attributes("Black,size=M")).hasMessageContaining("code=value pairs");
        assertThat(MagentoMapping.withoutTrailingZeros("34.000000")).isEqualTo("34");
        assertThat(MagentoMapping.withoutTrailingZeros("2.500000")).isEqualTo("2.5");
        assertThat(MagentoMapping.withoutTrailingZeros("1.2345")).isEqualTo("1.2345");
        assertThat(MagentoMapping.withoutTrailingZeros("-5.0000")).as("left to the domain to refuse").isEqualTo("-5.0000");
        assertThat(MagentoMapping.deepest("Default Category/Gear,Default Category/Gear/Bags,Default Category/Sale"))
                .isEqualTo("Bags");
        assertThat(MagentoMapping.deepest("")).isEmpty();
    }

    @Test
    void anHtmlBodyBecomesTheTextAShopperReads() {
        assertThat(HtmlText.plain("<p>One &amp; <b>two</b></p><p>Three&nbsp;four</p>")).isEqualTo("One & two\nThree four");
        assertThat(HtmlText.plain("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>")).isEqualTo("- a\n- b");
        assertThat(HtmlText.plain("x<script>alert(1)</script><style>p{}</style><!-- c -->y")).isEqualTo("x y");
        assertThat(HtmlText.plain("line<br/>break&#33;&#x41;&#27;&unknown;")).isEqualTo("line\nbreak!A&unknown;");
        assertThat(HtmlText.plain("a &lt;b&gt; c")).isEqualTo("a <b> c");
        assertThat(HtmlText.plain("")).isEmpty();
    }

    /** A cell is up to 1 MiB of anything: the mappings read it in one pass (a quadratic pattern would not finish). */
    @Test
    void hostileCellsOfAMebibyteAreReadInOnePass() {
        String unclosed = "<a".repeat(500_000);
        assertThat(HtmlText.plain(unclosed)).isEqualTo(unclosed);
        assertThat(HtmlText.plain("<!--".repeat(250_000))).isEmpty();
        assertThat(HtmlText.plain("ok<script>" + "<x".repeat(500_000))).isEqualTo("ok");
        assertThat(HtmlText.plain("<b>" + "x".repeat(1_000_000) + "</b>")).hasSize(1_000_000);
        String zeros = "1." + "0".repeat(500_000) + "1" + "0".repeat(500_000);
        assertThat(MagentoMapping.withoutTrailingZeros(zeros)).hasSize(500_003);
        assertThat(ShopifyMapping.attributeKey("a" + "_".repeat(1_000_000) + "b", 0)).hasSize(64);
        assertThat(ShopifyMapping.generatedSku("-".repeat(1_000_000) + "x", List.of("-".repeat(1_000_000))))
                .matches("x-[0-9a-f]{8}");
    }

    @Test
    void shopifyColumnsTheFormatDoesNotReadAreIgnoredAndOptionNamesBecomeAttributeKeys() {
        var shopify = check("Handle,Title,Variant Price,Option1 Name,Option1 Value,Metafield: custom.x [single_line_text]"
                + ",Variant SKU\nmug,Mug,3.00,Shoe Size (EU),42,whatever,M-42\n", Optional.empty(), false);
        var line = shopify.lines().get("M-42");
        assertThat(line.attributes().values()).isEqualTo(Map.of("shoe_size_eu", "42"));
        assertThat(line.title()).isEqualTo("Mug - 42");
        var bad = check("Handle,Title,Variant Price,Variant SKU,Status\nmug,Mug,3.00,M-1,sold\n", Optional.empty(),
                false);
        assertThat(bad.errors(2)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("STATUS_INVALID");
            assertThat(bad.mapping().column(e.column())).isEqualTo("Status");
        });
    }
}
