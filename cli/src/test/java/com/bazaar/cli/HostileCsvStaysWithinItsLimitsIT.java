package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV built to exhaust memory - one line of 200 MB of commas - is refused in one sentence naming the row and the
 * column, with exit 4, no stack trace, well under a minute, by the packaged jar running in a 512 MB heap (it used to
 * take 4.2 GB and die in PostgreSQL after 75 s). As a data row, the over-long record is a problem of that row only: the
 * error policies and the error report work as for any bad row.
 */
class HostileCsvStaysWithinItsLimitsIT {

    private static final int MEGABYTES = 200;

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;
    private static String token;

    @BeforeAll
    static void install() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        token = bazaar.initWithAcme();
        bazaar.jvm("-Xmx512m");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bazaar != null) {
            bazaar.jvm().run(null, "db", "stop");
        }
    }

    /** {@code prefix}, then {@link #MEGABYTES} MB of commas on one line, then {@code suffix}. */
    private static Path commas(String name, String prefix, String suffix) throws IOException {
        Path file = scratch.resolve(name);
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) ',');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(prefix.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < MEGABYTES; i++) {
                out.write(block);
            }
            out.write(suffix.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static BazaarProcess.Result timed(String... args) throws Exception {
        long start = System.nanoTime();
        var result = bazaar.run(token, args);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds).as("seconds, " + result).isLessThan(45);
        assertThat(result.err()).as(result.toString()).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("OutOfMemory");
        return result;
    }

    @Test
    void aFileThatIsOneLineOfCommasIsRefusedInOneSentenceWithinTheHeap() throws Exception {
        Path file = commas("commas.csv", "", "");
        try {
            var run = timed("job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(run.errWithoutProgress()).isEqualTo("error: " + file.toRealPath() + ": the header cannot be"
                    + " read: row 1, column 1,025: more than 1,024 columns\nnote: job 1 rejected the file and changed"
                    + " nothing: fix the file and run it again (a fixed file is a new job)\n");
            // the settlement parsers read through the same reader, within the same heap: its one line (the header)
            // cannot be read, so no line of it could be, and the run is rejected as the import is (ADR 0013)
            var recon = timed("recon", "run", "--provider", "adyen", "--file", file.toString());
            assertThat(recon.exitCode()).as(recon.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(recon.errWithoutProgress()).isEqualTo("error: no line of " + file.toRealPath()
                    + " could be read as an adyen settlement report: line 1: the header cannot be read: row 1, column"
                    + " 1,025: more than 1,024 columns\nnote: job 2 rejected the file and changed nothing: fix the"
                    + " file and run it again (a fixed file is a new job)\n");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void anOverLongDataRowIsThatRowsProblemAndThePoliciesStillApply() throws Exception {
        Path file = commas("row.csv", "sku,title,price\nGOOD-1,Fine,1.00\n", "\nGOOD-2,Also fine,2.00\n");
        Path report = scratch.resolve("errors.csv");
        try {
            var rejected = timed("job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                    "--mode", "apply", "--error-report", report.toString());
            assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(rejected.err()).contains("1 row(s) failed and --on-error is reject-file: nothing was applied");
            // refused as a whole: the report is every row, to fix and upload again (ADR 0013)
            assertThat(Files.readAllLines(report)).hasSize(4).element(2).asString()
                    .startsWith("3,,ROW_UNREADABLE,\"row 3, column 1,025: more than 1,024 columns\"");
            assertThat(Files.readAllLines(report).get(1)).isEqualTo("2,,,,,GOOD-1,Fine,1.00");
            try (Connection c = bazaar.database()) {
                assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products")).isZero();
            }
            var skipped = timed("job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                    "--mode", "apply", "--on-error", "skip-rows");
            assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
            assertThat(skipped.out()).containsPattern("created:\\s+2").containsPattern("rejected:\\s+1");
            try (Connection c = bazaar.database()) {
                assertThat(BazaarProcess.count(c, "SELECT count(*) FROM products WHERE sku IN ('GOOD-1', 'GOOD-2')"))
                        .isEqualTo(2);
            }
        } finally {
            Files.delete(file);
        }
    }
}
