package com.bazaar.batch.audit;

import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.Outcome;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10, item 11: the CSV audit export neutralises cells a spreadsheet would run as formulas, and reading it back
 * gives every field exactly as stored, so the export still verifies hash by hash.
 */
class AuditExportFormatTest {

    private static AuditRecord record(long seq, String reason, String correlationId) {
        return new AuditRecord(seq, Instant.parse("2026-11-25T09:00:00Z"), "admin", "admin", "seller.suspend",
                "seller:ACME", Outcome.SUCCESS, Optional.of("{\"status\":\"ACTIVE\"}"), Optional.empty(),
                Optional.of(reason), correlationId, "0".repeat(64), Long.toString(seq).repeat(64).substring(0, 64),
                Optional.of("=" + "a".repeat(63)));
    }

    @Test
    void formulaCellsAreNeutralisedAndReadBackExactly() {
        List<AuditRecord> written = List.of(record(1, "=HYPERLINK(\"http://evil\",\"x\")", "-cmd"),
                record(2, "'quoted", "@x"), record(3, "-5", "+1"), record(4, "''twice", "\t=1"),
                record(5, "plain reason, with a comma", "cli-1"));
        StringBuilder csv = new StringBuilder(AuditExportFormat.header("csv"));
        written.forEach(r -> csv.append(AuditExportFormat.line(r, "csv")));
        assertThat(csv.toString()).contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'-cmd,")
                .contains(",''quoted,'@x,").contains(",-5,'+1,").contains(",'''twice,'\t=1,");
        List<AuditRecord> read = new ArrayList<>();
        AuditExportFormat.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), read::add);
        assertThat(read).isEqualTo(written);
    }

    @Test
    void jsonLinesReadBackExactly() {
        List<AuditRecord> written = List.of(record(1, "a reason\nwith a line break", "cli-1"), record(2, "b", "cli-2"));
        StringBuilder jsonl = new StringBuilder();
        written.forEach(r -> jsonl.append(AuditExportFormat.line(r, "jsonl").replace("\n", "\r\n")));
        List<AuditRecord> read = new ArrayList<>();
        AuditExportFormat.read(new ByteArrayInputStream(jsonl.toString().getBytes(StandardCharsets.UTF_8)), read::add);
        assertThat(read).isEqualTo(written);
    }

    /** Issue 10, item 4: a hostile export cannot make the verifier hold an unbounded line in memory. */
    @Test
    void anOverlongJsonLineIsRefusedByItsNumberWithoutReadingItWhole() {
        String first = AuditExportFormat.line(record(1, "r", "c"), "jsonl");
        java.io.InputStream endless = new java.io.SequenceInputStream(
                new ByteArrayInputStream((first + "{\"seq\":\"").getBytes(StandardCharsets.UTF_8)),
                new java.io.InputStream() {
                    @Override
                    public int read() {
                        return 'x';
                    }
                });
        List<AuditRecord> read = new ArrayList<>();

        assertThatThrownBy(() -> AuditExportFormat.read(endless, read::add))
                .hasMessage("line 2 of the export is longer than 4,194,304 characters");
        assertThat(read).hasSize(1);
    }

    @Test
    void anUnreadableCsvRowIsRefusedByItsRow() {
        String csv = AuditExportFormat.header("csv") + AuditExportFormat.line(record(1, "r", "c"), "csv")
                + "2,\"never closed";
        List<AuditRecord> read = new ArrayList<>();

        assertThatThrownBy(() -> AuditExportFormat.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                read::add)).hasMessageStartingWith("line 3 of the export: a quoted field is not closed");
        assertThat(read).hasSize(1);
    }
}
