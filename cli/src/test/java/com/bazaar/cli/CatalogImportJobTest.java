package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog import job through the command line, on real PostgreSQL: plan changes nothing, apply twice is apply
 * once, reject-file is all or nothing, errors land in the report with the spreadsheet's row numbers, BOM/CRLF/quoted
 * line breaks import, and a seller user imports only into its own seller.
 */
class CatalogImportJobTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("GLOBEX", "EUR");
        admin = bazaar.adminToken();
    }

    private Path file(String name, String content) throws Exception {
        Path f = home.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private TestBazaar.Run importing(String token, Path file, String... extra) {
        String[] base = {"job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return bazaar.cli(token, args);
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    private static final String GOOD = "sku,title,price,quantity,status,description\n"
            + "MUG-01,Blue mug,12.99,10,ACTIVE,\"A mug.\nDishwasher safe.\"\n"
            + "PEN-01,\"Gel pen, blue\",1.50,100,ACTIVE,\n";

    @Test
    void planChangesNothingAndShowsWhatApplyWouldDo() throws Exception {
        long audit = bazaar.auditCount();
        var run = importing(admin, file("c.csv", GOOD));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("created:\\s+2").containsPattern("applied:\\s+false");
        assertThat(count("SELECT count(*) FROM products")).isZero();
        assertThat(bazaar.auditCount()).isEqualTo(audit);
    }

    @Test
    void thePlanWarnsOfPricesThatDropByMoreThanHalf() throws Exception {
        assertThat(importing(admin, file("c.csv", GOOD), "--mode", "apply").exitCode()).isZero();
        var plan = importing(admin, file("cuts.csv", "sku,title,price\nMUG-01,Blue mug,6.49\nPEN-01,\"Gel pen, blue\",0.75\n"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).as("12.99 -> 6.49 drops by more than half; 1.50 -> 0.75 by exactly half")
                .contains("1 price(s) drop by more than 50%: MUG-01\n");
    }

    @Test
    void applyingTheSameFileTwiceChangesNothingTheSecondTime() throws Exception {
        Path f = file("c.csv", GOOD);
        var first = importing(admin, f, "--mode", "apply");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(2);
        assertThat(bazaar.stock("on_hand", "PEN-01")).isEqualTo(100);
        var again = importing(admin, f, "--mode", "apply");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already processed with these options");
        Path copy = file("copy-with-other-name.csv", GOOD + "\n");
        var sameContent = importing(admin, copy, "--mode", "apply");
        assertThat(sameContent.exitCode()).as(sameContent.toString()).isZero();
        assertThat(sameContent.out()).containsPattern("unchanged:\\s+2").containsPattern("created:\\s+0");
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'catalog.import'")).isEqualTo(2);
        assertThat(bazaar.services.verifyAuditChain().verify(bazaar.admin()))
                .isInstanceOf(com.bazaar.domain.audit.application.VerifyAuditChain.Intact.class);
    }

    @Test
    void rejectFileLeavesTheCatalogUntouchedOnOneBadRow() throws Exception {
        Path f = file("c.csv", GOOD + "bad sku,Thing,1.00,,,\n");
        var run = importing(admin, f, "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("1 row(s) failed and --on-error is reject-file: nothing was applied");
        assertThat(count("SELECT count(*) FROM products")).isZero();
        var skip = importing(admin, f, "--mode", "apply", "--on-error", "skip-rows");
        assertThat(skip.exitCode()).isZero();
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(2);
        var max = importing(admin, file("d.csv", "sku,title,price\nX1,T,1.00\nbad 1,T,1\nbad 2,T,1\n"), "--mode", "apply",
                "--on-error", "max-errors=1");
        assertThat(max.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(max.err()).contains("more than max-errors=1");
    }

    @Test
    void errorsLandInTheReportWithTheSpreadsheetsRowNumbers() throws Exception {
        Path report = home.resolve("errors.csv");
        String csv = "sku,title,price,quantity,description\n"
                + "OK-1,Fine,1.00,1,\"two\nlines\"\n"
                + "3.65275E+11,Sci,1.00,1,\n"
                + "OK-2,Money,1.001,1,\n"
                + "OK-3,Qty,1.00,-4,\n"
                + "OK-1,Again,2.00,1,\n";
        var run = importing(admin, file("c.csv", csv), "--mode", "apply", "--on-error", "skip-rows",
                "--error-report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        var lines = Files.readAllLines(report);
        assertThat(lines.get(0)).isEqualTo("row,column,code,message,value,sku,title,price,quantity,description");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("3,sku,SKU_INVALID,").contains("scientific notation"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("4,price,AMOUNT_PRECISION,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("5,quantity,QUANTITY_INVALID,"));
        // rejected by a catalog rule after staging, which keeps no copy of the row: its columns come from the file
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("6,sku,DUPLICATE_SKU,").contains("row 2")
                .endsWith(",OK-1,OK-1,Again,2.00,1,"));
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT description FROM products").query(String.class).single()).isEqualTo("two\nlines");
        // the job completed: its staging table is gone (V27), the report was written before
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'catalog_staging'")).isZero();
        assertThat(count("SELECT catalog_staged_rows()")).isZero();
    }

    @Test
    void bomCrlfAndQuotedLineBreaksImport() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = ("sku,title,price,description\r\nA-1,Mug,2.00,\"x\r\ny\"\r\nB-1,\"Pen, \"\"fine\"\"\",3.00,\r\n"
                + "C-1,Cup,1.00,\"\"\"\"\"a\"\"\"\"\"\"b\"\"\"\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        Path f = home.resolve("bom.csv");
        Files.write(f, all);
        var run = importing(admin, f, "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT title FROM products WHERE sku = 'B-1'").query(String.class).single())
                .isEqualTo("Pen, \"fine\"");
        // quotes first, last and side by side survive staging's own CSV
        assertThat(bazaar.jdbc.sql("SELECT description FROM products WHERE sku = 'C-1'").query(String.class).single())
                .isEqualTo("\"\"a\"\"\"b\"");
    }

    @Test
    void aSellerUserImportsOnlyIntoItsOwnSeller() throws Exception {
        String acme = bazaar.user("acme-ops", Role.SELLER, "ACME");
        String globex = bazaar.user("globex-ops", Role.SELLER, "GLOBEX");
        Path f = file("c.csv", GOOD);
        assertThat(importing(acme, f, "--mode", "apply").exitCode()).isZero();
        var refused = importing(globex, f, "--mode", "apply");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(count("SELECT count(*) FROM audit_log WHERE outcome = 'DENIED' AND action = 'job.seller-import'"))
                .isEqualTo(1);
    }

    @Test
    void catalogRulesNeedingTheCatalogAreEnforced() throws Exception {
        bazaar.product("ACME", "HELD", "5.00", 10);
        bazaar.order("holds-4", "ACME", "HELD:4");
        bazaar.product("ACME", "GONE", "5.00", 0);
        bazaar.services.changeProduct().retire(bazaar.admin(), com.bazaar.domain.seller.SellerCode.of("ACME"),
                com.bazaar.domain.catalog.Sku.of("GONE"));
        var run = importing(admin, file("c.csv", "sku,title,price,quantity,status\nHELD,Product HELD,5.00,3,\n"
                + "GONE,Product GONE,5.00,,ACTIVE\nNEW-1,New,2.00,1,\n"), "--mode", "apply", "--on-error", "skip-rows",
                "--error-report", home.resolve("r.csv").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        var report = Files.readString(home.resolve("r.csv"));
        assertThat(report).contains("BELOW_RESERVED").contains("STATUS_TRANSITION_INVALID");
        assertThat(bazaar.stock("on_hand", "HELD")).isEqualTo(10);
        assertThat(run.out()).containsPattern("created:\\s+1").containsPattern("rejected:\\s+2");
        var none = importing(admin, file("none.csv", "sku,title,price\nbad one,T,1\n"), "--mode", "apply",
                "--on-error", "skip-rows");
        assertThat(none.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(none.err()).contains("the file has no valid row");
    }

    @Test
    void anUnusableFileIsRefusedInOneSentence() throws Exception {
        var run = importing(admin, file("c.csv", "sku;title;price\nA;B;1\n"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("semicolon-separated").doesNotContain("Exception");
        var unknown = importing(admin, file("u.csv", "sku,title,price,colour,size\nA,B,1,red,2\n"));
        assertThat(unknown.err()).contains("unknown columns colour, size");
        var missing = importing(admin, home.resolve("nope.csv"));
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void onATerminalTheProgressNamesItsStepsAndIsErasedBeforeTheResult() throws Exception {
        Path f = file("evil\u001b]0;owned\u0007.csv", GOOD);
        var run = bazaar.cliWithEnv(java.util.Map.of("BAZAAR_PROGRESS", "line", "COLUMNS", "200"), admin,
                "job", "run", "catalog-import", "--seller", "ACME", "--file", f.toString(), "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).as("the steps by name, then erased: no stale line beside the result")
                .contains("catalog-import evil\\x1b]0;owned\\x07.csv: staging")
                .contains(": applying 2 rows")
                .endsWith(com.bazaar.batch.support.ProgressListener.CLEAR);
        assertThat(run.err().replace(com.bazaar.batch.support.ProgressListener.CLEAR, ""))
                .as("the file's name is escaped; the erase sequence is the only control sequence")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
        assertThat(run.out()).containsPattern("created:\\s+2").doesNotContain("\u001b").doesNotContain("staging");
    }

    @Test
    void offATerminalAShortRunAndAJsonLogShowNoProgress() throws Exception {
        var plain = importing(admin, file("c.csv", GOOD));
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).as("plain lines come every 5 s: none for a short run").isEmpty();
        var json = bazaar.cliWithEnv(java.util.Map.of("BAZAAR_LOG_FORMAT", "json"), admin, "job", "run",
                "catalog-import", "--seller", "ACME", "--file", file("d.csv", GOOD).toString(), "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.err()).doesNotContain("staging").doesNotContain("\r");
        assertThat(json.out()).doesNotContain("staging").doesNotContain("\r");
    }
}
