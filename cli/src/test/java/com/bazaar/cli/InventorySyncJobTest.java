package com.bazaar.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Inventory sync refuses to go below what is reserved, reports unknown SKUs, and applies the rest - once. */
class InventorySyncJobTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "5.00", 10);
        bazaar.product("ACME", "PEN", "1.00", 50);
        bazaar.order("holds-6", "ACME", "MUG:6");
    }

    private TestBazaar.Run sync(String csv, String... extra) throws Exception {
        Path f = home.resolve("stock-" + csv.hashCode() + ".csv");
        Files.writeString(f, csv);
        String[] base = {"job", "run", "inventory-sync", "--seller", "ACME", "--file", f.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return bazaar.cli(bazaar.adminToken(), args);
    }

    @Test
    void countsBelowReservedAreReportedAndTheRestApplied() throws Exception {
        Path report = home.resolve("errors.csv");
        var run = sync("sku,on_hand\nMUG,4\nPEN,70\nNOPE,1\n", "--mode", "apply", "--error-report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(10);
        assertThat(bazaar.stock("on_hand", "PEN")).isEqualTo(70);
        String errors = Files.readString(report);
        assertThat(errors).contains("2,on_hand,BELOW_RESERVED,\"on hand would be 4, below what is reserved (6)\"")
                .contains("4,sku,UNKNOWN_SKU,");
        var again = sync("sku,on_hand\nMUG,4\nPEN,70\nNOPE,1\n", "--mode", "apply");
        assertThat(again.out()).contains("already processed");
    }

    @Test
    void deltasApplyAndPlanChangesNothing() throws Exception {
        var plan = sync("delta,sku\n-3,PEN\n+2,MUG\n");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).containsPattern("updated:\\s+2");
        assertThat(bazaar.stock("on_hand", "PEN")).isEqualTo(50);
        var apply = sync("delta,sku\n-3,PEN\n+2,MUG\n", "--mode", "apply");
        assertThat(apply.exitCode()).isZero();
        assertThat(bazaar.stock("on_hand", "PEN")).isEqualTo(47);
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(12);
        var below = sync("sku,delta\nMUG,-7\n", "--mode", "apply");
        assertThat(below.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(below.err()).contains("the file has no valid row");
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(12);
    }

    @Test
    void aFileWithBothOrNeitherKindIsRefused() throws Exception {
        var both = sync("sku,on_hand,delta\nMUG,1,1\n");
        assertThat(both.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(both.err()).contains("sku and either on_hand or delta");
    }
}
