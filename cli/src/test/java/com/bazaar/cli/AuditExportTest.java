package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit export (auditor only) carries the hash chain, verifies offline without a database or token, detects an
 * edited export, and is itself audited.
 */
class AuditExportTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String auditor;
    private String day;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("GLOBEX", "EUR");
        auditor = bazaar.user("aud", Role.AUDITOR, null);
        day = LocalDate.ofInstant(bazaar.clock.instant(), ZoneOffset.UTC).toString();
    }

    private TestBazaar.Run export(String token, String format, Path out) {
        return bazaar.cli(token, "job", "run", "audit-export", "--from", day, "--to", day, "--format", format, "--out",
                out.toString());
    }

    private static TestBazaar.Run verifyOffline(Path file) {
        return TestBazaar.run(Map.of("HOME", file.getParent().toString(), "BAZAAR_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/no-database-needed"), "audit", "verify", "--file", file.toString());
    }

    @Test
    void anExportVerifiesOfflineInBothFormats() {
        for (String format : new String[]{"jsonl", "csv"}) {
            Path out = home.resolve("audit." + format);
            var run = export(auditor, format, out);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            var verify = verifyOffline(out);
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
            assertThat(verify.out()).contains("Export intact");
        }
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'audit.export'").query(Long.class)
                .single()).isEqualTo(2);
    }

    @Test
    void anEditedExportIsCaught() throws Exception {
        Path out = home.resolve("audit.jsonl");
        assertThat(export(auditor, "jsonl", out).exitCode()).isZero();
        var lines = Files.readAllLines(out);
        lines.set(1, lines.get(1).replace("\"seller.create\"", "\"seller.view\""));
        Files.write(out, lines);
        var verify = verifyOffline(out);
        assertThat(verify.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("export broken at record 2");
        lines.remove(2);
        Files.write(out, lines);
        assertThat(verifyOffline(out).err()).contains("broken");
    }

    @Test
    void onlyAuditorsExport() {
        var run = export(bazaar.adminToken(), "jsonl", home.resolve("x.jsonl"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(Files.exists(home.resolve("x.jsonl"))).isFalse();
    }

    @Test
    void theSameRangeExportsAgainToANewFileButNotOverAFinishedOne() throws Exception {
        Path first = home.resolve("first.jsonl");
        assertThat(export(auditor, "jsonl", first).exitCode()).isZero();
        var again = export(auditor, "jsonl", first);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.CONFLICT);
        Path second = home.resolve("second.jsonl");
        var run = export(auditor, "jsonl", second);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(verifyOffline(second).exitCode()).isZero();
        // the second export holds every record of the first, from the same first record on
        assertThat(Files.readAllLines(second)).startsWith(Files.readAllLines(first).toArray(String[]::new));
    }
}
