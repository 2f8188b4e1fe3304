package com.bazaar.cli.output;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables and records align by the columns a terminal gives each character, not by Java's char count: Japanese
 * titles (2 columns a character), a decomposed accent (0 columns), emoji shown as pictures and a zero-width-joiner
 * sequence all line up with plain ASCII.
 */
class TablesAlignByDisplayWidthTest {

    private static final String MUG_JA = "マグカップ";                       // 5 chars, 10 columns
    private static final String TASSE = "Tasse a\u0300 cafe\u0301";        // 14 chars, 12 columns
    private static final String COFFEE = "\u2615 mug";                    // 5 chars, 6 columns
    private static final String CODER = "\uD83D\uDC69\u200D\uD83D\uDCBB dev"; // 9 chars, 6 columns
    private static final String HEART = "\u2764\uFE0F mug";               // 6 chars, 6 columns
    private static final String FLAG = "\uD83C\uDDEF\uD83C\uDDF5 tea";    // 8 chars, 6 columns

    @Test
    void widthsAreTerminalColumns() {
        assertThat(DisplayWidth.of("mug")).isEqualTo(3);
        assertThat(DisplayWidth.of(MUG_JA)).isEqualTo(10);
        assertThat(DisplayWidth.of(TASSE)).isEqualTo(12);
        assertThat(DisplayWidth.of(COFFEE)).isEqualTo(6);
        assertThat(DisplayWidth.of(CODER)).isEqualTo(6);
        assertThat(DisplayWidth.of(HEART)).isEqualTo(6);
        assertThat(DisplayWidth.of(FLAG)).isEqualTo(6);
        assertThat(DisplayWidth.of("")).isZero();
    }

    @Test
    void aTableOfMixedTitlesLinesUpItsColumns() {
        StringWriter text = new StringWriter();
        Output output = new Output(new PrintWriter(text, true), "table");
        List<Map<String, Object>> rows = List.of(row("MUG-01", MUG_JA), row("CUP-01", TASSE), row("MUG-02", COFFEE),
                row("DEV-01", CODER), row("MUG-03", "Blue mug"));
        output.list(rows, List.of("title", "sku"));
        // the widest title is 12 columns (TASSE): every SKU starts at column 14
        assertThat(text.toString().lines().toList()).containsExactly(
                "TITLE         SKU",
                MUG_JA + "    MUG-01",
                TASSE + "  CUP-01",
                COFFEE + "        MUG-02",
                CODER + "        DEV-01",
                "Blue mug      MUG-03");
    }

    @Test
    void aRecordsKeysAlignAndItsValuesAreKeptWhole() {
        StringWriter text = new StringWriter();
        Output output = new Output(new PrintWriter(text, true), "table");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("title", MUG_JA);
        record.put("sku", "MUG-01");
        output.record(record);
        assertThat(text.toString().lines().toList()).containsExactly("title: " + MUG_JA, "sku:   MUG-01");
    }

    private static Map<String, Object> row(String sku, String title) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", sku);
        row.put("title", title);
        return row;
    }
}
