package com.bazaar.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller fixes the rows of the error report and uploads that report: the fixed rows are imported and nothing else
 * changes (runbooks/catalog-import.md). A file refused as a whole (reject-file) applied nothing, so its report holds
 * every row - the good ones with empty report columns - and the fixed report imports the whole file; under skip-rows
 * the good rows were applied and the report holds only the failed ones. The apostrophe the report put before a value a
 * spreadsheet would run as a formula is dropped when the report comes back, and only then.
 */
class TheFixedErrorReportImportsAgainTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG-01", "11.99", 3);
        admin = bazaar.adminToken();
    }

    private TestBazaar.Run importing(Path file, String... extra) {
        String[] base = {"job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return bazaar.cli(admin, args);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The seller's fix, as the runbook makes it: the bad price, and nothing else of the report touched. */
    private static Path fixed(Path report) throws Exception {
        Path fixed = report.resolveSibling("fixed-" + report.getFileName());
        Files.writeString(fixed, Files.readString(report).replace(",3.009\r\n", ",3.00\r\n"));
        return fixed;
    }

    /** Every product but the file's, as rows of column values: what must not change. */
    private List<Map<String, Object>> others() {
        return bazaar.jdbc.sql("SELECT p.*, s.on_hand, s.reserved FROM products p JOIN stock s ON s.product_id = p.id"
                + " WHERE sku NOT LIKE 'CUP-%' ORDER BY sku").query().listOfRows();
    }

    private String product(String sku) {
        return bazaar.jdbc.sql("SELECT title || ' ' || price_minor FROM products WHERE sku = ?").params(sku)
                .query(String.class).single();
    }

    @Test
    void theFixedReportOfAFileRefusedAsAWholeImportsTheWholeFile() throws Exception {
        var before = others();
        Path report = home.resolve("cups-errors.csv");
        var refused = importing(file("cups.csv", "sku,title,price\nCUP-01,Espresso cup,3.009\nCUP-02,Latte cup,4.00\n"
                + "CUP-03,@home cup,2.50\n"), "--error-report", report.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(Files.readAllLines(report)).containsExactly("row,column,code,message,value,sku,title,price",
                "2,price,AMOUNT_PRECISION,amount 3.009 has more decimals than USD allows (2),3.009,CUP-01,Espresso cup,"
                        + "3.009",
                "3,,,,,CUP-02,Latte cup,4.00",
                "4,,,,,CUP-03,'@home cup,2.50");

        var applied = importing(fixed(report), "--mode", "apply");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).containsPattern("created:\\s+3").containsPattern("rejected:\\s+0");
        assertThat(product("CUP-01")).isEqualTo("Espresso cup 300");
        assertThat(product("CUP-02")).isEqualTo("Latte cup 400");
        assertThat(product("CUP-03")).as("the report's apostrophe is not the seller's").isEqualTo("@home cup 250");
        assertThat(others()).isEqualTo(before);
    }

    @Test
    void underSkipRowsTheFixedReportImportsTheFixedRowsAndNothingElse() throws Exception {
        Path report = home.resolve("errors.csv");
        var skipped = importing(file("cups.csv", "sku,title,price\nCUP-01,@home cup,3.009\nCUP-02,Latte cup,4.00\n"),
                "--mode", "apply", "--on-error", "skip-rows", "--error-report", report.toString());
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(Files.readAllLines(report)).hasSize(2).last().asString().startsWith("2,price,AMOUNT_PRECISION,")
                .endsWith(",CUP-01,'@home cup,3.009");
        var before = others();
        String latte = product("CUP-02");

        var applied = importing(fixed(report), "--mode", "apply");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).containsPattern("created:\\s+1").containsPattern("updated:\\s+0");
        assertThat(product("CUP-01")).isEqualTo("@home cup 300");
        assertThat(product("CUP-02")).isEqualTo(latte);
        assertThat(others()).isEqualTo(before);
    }

    @Test
    void aSellersOwnFileKeepsItsApostrophes() throws Exception {
        var applied = importing(file("own.csv", "sku,title,price\nCUP-01,'@home cup,3.00\n"), "--mode", "apply");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(product("CUP-01")).as("not a report: taken as written").isEqualTo("'@home cup 300");
    }
}
