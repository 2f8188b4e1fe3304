package com.bazaar.reconciliation.settlement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a parser made of a file, with look-ups by line number (test helper). */
record Parsed(List<SettlementRecord> records, List<ParseProblem> problems) {

    /** Marks where a test file holds the byte 0xFF, which is never valid UTF-8. */
    static final String INVALID_BYTE = "<FF>";

    static Parsed parse(SettlementParser parser, String csv) {
        return parse(parser, utf8(csv));
    }

    static Parsed parse(SettlementParser parser, byte[] file) {
        List<SettlementRecord> records = new ArrayList<>();
        List<ParseProblem> problems = new ArrayList<>();
        parser.parse(new ByteArrayInputStream(file), records::add, problems::add);
        return new Parsed(records, problems);
    }

    /** The text as UTF-8, with every {@link #INVALID_BYTE} marker replaced by the byte 0xFF. */
    static byte[] utf8(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] parts = text.split(INVALID_BYTE, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.write(0xFF);
            }
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    SettlementRecord record(long line) {
        List<SettlementRecord> found = records.stream().filter(r -> r.line() == line).toList();
        assertThat(found).as("records on line %d (problems: %s)", line, problems).hasSize(1);
        return found.get(0);
    }

    ParseProblem problem(long line) {
        List<ParseProblem> found = problems.stream().filter(p -> p.line() == line).toList();
        assertThat(found).as("problems on line %d (records on lines %s)", line,
                records.stream().map(SettlementRecord::line).toList()).hasSize(1);
        return found.get(0);
    }

    /** Every line number, records' and problems', in order. */
    List<Long> lines() {
        List<Long> lines = new ArrayList<>();
        records.forEach(r -> lines.add(r.line()));
        problems.forEach(p -> lines.add(p.line()));
        return lines.stream().sorted().toList();
    }
}
