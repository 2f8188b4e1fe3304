package com.bazaar.cli;

import com.bazaar.domain.payment.PaymentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every amount and quantity that enters Bazaar is bounded (docs/invariants.md, M3): beyond a limit it is refused with
 * exit 4 and a sentence naming the limit - on the command line, in catalog, inventory and settlement files - never an
 * overflow, never exit 1; and the ledger and the reports stay readable whatever they sum, because sums are exact.
 */
class AmountsAndQuantitiesAreBoundedTest {

    private static final String MAX_PRICE = "1000000000.00";
    private static final String OVERFLOWING = "92233720368547758.07";

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

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    private Path file(String name, String content) throws Exception {
        Path f = home.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static void refusedNaming(TestBazaar.Run run, String limit) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains(limit).doesNotContain("unexpected").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void aPriceAboveTheMaximumIsRefusedOnTheCommandLineAndTheMaximumItselfIsAccepted() {
        refusedNaming(bazaar.cli(admin, "product", "create", "--seller", "ACME", "--sku", "GOLD", "--title", "Gold",
                "--price", "1000000000.01"), "price must be at most 1000000000.00 USD");
        refusedNaming(bazaar.cli(admin, "product", "create", "--seller", "ACME", "--sku", "GOLD", "--title", "Gold",
                "--price", OVERFLOWING), "beyond the limit of 10000000000000.00 USD");
        assertThat(count("SELECT count(*) FROM products")).isZero();

        var max = bazaar.cli(admin, "product", "create", "--seller", "ACME", "--sku", "GOLD", "--title", "Gold",
                "--price", MAX_PRICE);
        assertThat(max.exitCode()).as(max.toString()).isZero();
        refusedNaming(bazaar.cli(admin, "product", "price", "set", "--seller", "ACME", "--sku", "GOLD", "--price",
                "1000000000.01"), "at most 1000000000.00 USD");
        assertThat(count("SELECT price_minor FROM products WHERE sku = 'GOLD'")).isEqualTo(100_000_000_000L);
    }

    @Test
    void aCatalogRowAboveTheLimitsIsRejectedWithTheLimitAndNothingElseBreaks() throws Exception {
        Path f = file("c.csv", "sku,title,price,quantity\n"
                + "OK-1,Fine,12.00,5\n"
                + "BIG-1,Too dear,1000000000.01,5\n"
                + "BIG-2,Overflowing," + OVERFLOWING + ",5\n"
                + "BIG-3,Too many,1.00,9223372036854775807\n"
                + "BIG-4,Wide digits,1.00,１０\n");
        Path report = home.resolve("errors.csv");
        var run = bazaar.cli(admin, "job", "run", "catalog-import", "--seller", "ACME", "--file", f.toString(),
                "--mode", "apply", "--on-error", "skip-rows", "--error-report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String errors = Files.readString(report);
        assertThat(errors).contains("3,price,PRICE_TOO_HIGH,price must be at most 1000000000.00 USD")
                .contains("4,price,AMOUNT_TOO_LARGE,").contains("5,quantity,QUANTITY_INVALID,quantity must be between 0"
                        + " and 1000000000").contains("6,quantity,QUANTITY_INVALID,quantity must be a whole number written"
                        + " with the digits 0-9");
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(1);
    }

    @Test
    void anAdjustmentBeyondTheLimitIsRefusedWithExit4NotAnUnexpectedFailure() {
        bazaar.product("ACME", "MUG", "10.00", 5);
        refusedNaming(bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta",
                "9223372036854775807", "--reason", "attack"), "delta must be between -1000000000 and 1000000000");
        refusedNaming(bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta",
                "-9223372036854775808", "--reason", "attack"), "delta must be between");
        refusedNaming(bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta",
                "99999999999999999999999", "--reason", "attack"), "delta must be between");
        refusedNaming(bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta",
                "１", "--reason", "fullwidth"), "written with the digits 0-9");
        refusedNaming(bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta",
                "999999999", "--reason", "too much"), "on hand cannot go above 1000000000 units");
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(5);

        var down = bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "-3",
                "--reason", "breakage");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        var up = bazaar.cli(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "999999998",
                "--reason", "to the limit");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(1_000_000_000L);
    }

    @Test
    void inventorySyncRowsBeyondTheLimitsAreRejectedAndTheRestApplied() throws Exception {
        bazaar.product("ACME", "A", "1.00", 10);
        bazaar.product("ACME", "B", "1.00", 999_999_990L);
        bazaar.product("ACME", "C", "1.00", 10);
        bazaar.product("ACME", "D", "1.00", 10);
        Path f = file("stock.csv", "sku,delta\nA,+5\nB,11\nC,9223372036854775807\nD,٣\n");
        Path report = home.resolve("sync-errors.csv");
        var run = bazaar.cli(admin, "job", "run", "inventory-sync", "--seller", "ACME", "--file", f.toString(),
                "--mode", "apply", "--error-report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(report)).contains("3,on_hand,ABOVE_MAXIMUM,\"on hand would be 1000000001, above the"
                        + " maximum of 1000000000 units\"").contains("4,delta,DELTA_INVALID,delta must be between")
                .contains("5,delta,DELTA_INVALID,delta must be a whole number written with the digits 0-9");
        assertThat(bazaar.stock("on_hand", "A")).isEqualTo(15);
        assertThat(bazaar.stock("on_hand", "B")).isEqualTo(999_999_990L);
        assertThat(bazaar.stock("on_hand", "C")).isEqualTo(10);

        Path absolute = file("counts.csv", "sku,on_hand\nA,1000000001\nB,18446744073709551616\n");
        var counts = bazaar.cli(admin, "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                absolute.toString(), "--mode", "apply");
        assertThat(counts.exitCode()).as(counts.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(counts.err()).contains("no valid row");
        assertThat(bazaar.stock("on_hand", "A")).isEqualTo(15);
    }

    @Test
    void twoCapturesAtTheMaximumKeepTheLedgerAndTheReconciliationReportWorking() throws Exception {
        bazaar.product("ACME", "GOLD", MAX_PRICE, 100_000);
        long[] payments = new long[2];
        for (int i = 0; i < 2; i++) {
            // 10,000 units at the highest price: exactly the largest order there can be
            var id = bazaar.order("max-" + i, "ACME", "GOLD:10000").order().payment().orElseThrow().id();
            bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
            assertThat(bazaar.services.capturePayment().capture(bazaar.admin(), id).payment().captured().minor())
                    .isEqualTo(1_000_000_000_000_000L);
            payments[i] = id.value();
        }
        var tooLarge = bazaar.cli(admin, "order", "place", "--idempotency-key", "max-3", "--buyer", "b", "--seller",
                "ACME", "--line", "GOLD:10001");
        refusedNaming(tooLarge, "per order line");

        var balance = bazaar.cli(admin, "ledger", "balance", "--output", "json");
        assertThat(balance.exitCode()).as(balance.toString()).isZero();
        assertThat(balance.out()).contains("\"20000000000000.00\"");
        var check = bazaar.cli(admin, "ledger", "check");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("BALANCED");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Path settlement = file("settle.csv", "provider_reference,merchant_reference,type,gross,fee,net,currency,"
                + "booking_date,payout_id\n"
                + "t1," + payments[0] + ",PAYMENT,10000000000000.00,0.00,10000000000000.00,USD," + today + ",po1\n"
                + "t2," + payments[1] + ",PAYMENT,10000000000000.00,0.00,10000000000000.00,USD," + today + ",po1\n"
                + "t3,1,PAYMENT," + OVERFLOWING + ",0.00," + OVERFLOWING + ",USD," + today + ",po1\n");
        var recon = bazaar.cli(admin, "recon", "run", "--provider", "generic", "--file", settlement.toString(),
                "--payout-date", today);
        assertThat(recon.exitCode()).as(recon.toString()).isZero();
        assertThat(recon.out()).contains("1 line(s) of the file could not be read");
        assertThat(bazaar.jdbc.sql("SELECT reason FROM settlement_problems").query(String.class).single())
                .contains("beyond the limit of 10000000000000.00 USD");
        long run = count("SELECT max(run_id) FROM recon_runs");
        var report = bazaar.cli(admin, "recon", "report", Long.toString(run), "--output", "json");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        // the payout's gross is two maximum amounts: more than any single amount, summed exactly (in major units)
        assertThat(report.out()).contains("\"gross\" : \"20000000000000.00\"");
    }

    @Test
    void aLedgerAndAPayoutWhoseSumsExceedALongAreStillReadExactly() throws Exception {
        // 10,000 balanced transactions at the limit per posting, written behind the application's back: their sums
        // (10^19 minor units) are beyond a long; the reports read them as numeric
        bazaar.jdbc.sql("INSERT INTO ledger_postings (transaction_ref, account, amount_minor, currency, posted_at)"
                + " SELECT 'bulk:' || i, a.account, a.sign * 1000000000000000, 'USD', now()"
                + " FROM generate_series(1, 10000) i CROSS JOIN (VALUES ('provider:clearing', 1),"
                + " ('seller:ACME:payable', -1)) a(account, sign)").update();
        var balance = bazaar.cli(admin, "ledger", "balance", "--output", "json");
        assertThat(balance.exitCode()).as(balance.toString()).isZero();
        assertThat(balance.out()).contains("\"100000000000000000.00\"").contains("\"-100000000000000000.00\"");
        var check = bazaar.cli(admin, "ledger", "check");
        assertThat(check.exitCode()).as(check.toString()).isZero();

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        StringBuilder csv = new StringBuilder("provider_reference,merchant_reference,type,gross,fee,net,currency,"
                + "booking_date,payout_id\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("t").append(i).append(",,ADJUSTMENT,10000000000000.00,0.00,10000000000000.00,USD,")
                    .append(today).append(",big\n");
        }
        var recon = bazaar.cli(admin, "recon", "run", "--provider", "generic", "--file",
                file("big.csv", csv.toString()).toString(), "--payout-date", today);
        assertThat(recon.exitCode()).as(recon.toString()).isZero();
        long run = count("SELECT max(run_id) FROM recon_runs");
        var report = bazaar.cli(admin, "recon", "report", Long.toString(run), "--output", "json", "--limit", "1");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        // the waterfall's and the summary's sums, in major units
        assertThat(report.out()).contains("\"adjustments\" : \"100000000000000000.00\"")
                .contains("\"actual\" : \"100000000000000000.00\"");
    }

    @Test
    void refundsDiscountsQuotesAndOrdersRefuseAmountsBeyondTheLimits() {
        bazaar.product("ACME", "GOLD", MAX_PRICE, 200_000);
        var id = bazaar.order("o", "ACME", "GOLD:1").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
        bazaar.services.capturePayment().capture(bazaar.admin(), id);
        refusedNaming(bazaar.cli(admin, "refund", "create", "--payment", id.toString(), "--amount", OVERFLOWING,
                "--reason", "x", "--idempotency-key", "r1"), "beyond the limit");
        refusedNaming(bazaar.cli(admin, "discount", "create", "--seller", "ACME", "--all", "--amount",
                "1000000000.01"), "a fixed discount is at most the highest price, 1000000000.00 USD");
        refusedNaming(bazaar.cli(admin, "discount", "create", "--seller", "ACME", "--all", "--percent", "１０"),
                "--percent must be a number");
        refusedNaming(bazaar.cli(admin, "price", "quote", "--seller", "ACME", "--line", "GOLD:100000"),
                "is beyond the limit of 10000000000000.00 USD per order line");
        refusedNaming(bazaar.cli(admin, "order", "place", "--idempotency-key", "wide", "--buyer", "b", "--seller",
                "ACME", "--line", "GOLD:１"), "written with the digits 0-9");
        String[] many = new String[8 + 2 * 101];
        System.arraycopy(new String[]{"order", "place", "--idempotency-key", "many", "--buyer", "b", "--seller",
                "ACME"}, 0, many, 0, 8);
        for (int i = 0; i < 101; i++) {
            many[8 + 2 * i] = "--line";
            many[9 + 2 * i] = "SKU-" + i + ":1";
        }
        refusedNaming(bazaar.cli(admin, many), "an order has at most 100 lines");
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM refunds")).isZero();
        assertThat(count("SELECT count(*) FROM discounts")).isZero();
        assertThat(bazaar.services.showPayment().show(bazaar.admin(), new PaymentId(id.value())).refunded().minor())
                .isZero();
    }
}
