package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: the demo walks through the spine and checks every step's exit code. */
class DemoIT {

    @TempDir
    Path scratch;

    @Test
    void theDemoRunsEveryStepAsExpected() throws Exception {
        var bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        var demo = bazaar.run(null, "demo");
        assertThat(demo.exitCode()).as(demo.lastLine() + "\n" + demo).isZero(); // "Demo FAILED at: ..." first
        assertThat(demo.out()).contains("$ bazaar init", "$ bazaar seller show GLOBEX", "(exit 3)",
                "$ bazaar audit verify", "Audit chain intact", "every step behaved as expected");
        assertThat(demo.out()).contains("DENIED", "not enough stock of MUG-01: 8 available, 9 ordered",
                "was already placed with this idempotency key", "Ledger balanced", "Payment 5001 is CAPTURED",
                "Refund 9001 SUCCEEDED", "4,sku,SKU_INVALID", "5,price,AMOUNT_PRECISION", "6,quantity,QUANTITY_INVALID",
                "already processed with these options", "MISSING_IN_SETTLEMENT", "DUPLICATE_IN_SETTLEMENT",
                "MISSING_IN_LEDGER", "FEE_ONLY");
        var again = bazaar.run(null, "demo");
        assertThat(again.exitCode()).as("the demo can be run again: " + again).isZero();
    }
}
