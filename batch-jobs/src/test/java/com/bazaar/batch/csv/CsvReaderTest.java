package com.bazaar.batch.csv;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReaderTest {

    private static List<CsvRecord> read(byte[] bytes) {
        List<CsvRecord> records = new ArrayList<>();
        new CsvReader(new ByteArrayInputStream(bytes)).forEachRemaining(records::add);
        return records;
    }

    private static List<CsvRecord> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rowsAreNumberedAsASpreadsheetShowsThemEvenWithLineBreaksInsideQuotes() {
        var records = read("sku,title\r\nA,\"two\r\nlines\"\r\nB,\"say \"\"hi\"\", ok\"\r\n");
        assertThat(records).extracting(CsvRecord::row).containsExactly(1L, 2L, 3L);
        assertThat(records.get(1).fields()).containsExactly("A", "two\r\nlines");
        assertThat(records.get(2).fields()).containsExactly("B", "say \"hi\", ok");
    }

    @Test
    void aByteOrderMarkAndAnyLineEndingAreAccepted() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "sku,title\rA,x\nB,y\r\nC,z".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        var records = read(all);
        assertThat(records.get(0).fields()).containsExactly("sku", "title");
        assertThat(records).extracting(r -> r.fields().get(0)).containsExactly("sku", "A", "B", "C");
    }

    @Test
    void blankLinesAreSkippedButKeepTheNumbering() {
        var records = read("sku,title\n\nA,x\n");
        assertThat(records).extracting(CsvRecord::row).containsExactly(1L, 3L);
    }

    @Test
    void invalidUtf8MarksItsRowAndTheFileGoesOn() {
        byte[] bytes = "sku,title\nA,caf\u00e9\nB,x\n".getBytes(StandardCharsets.ISO_8859_1);
        var records = read(bytes);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).readable()).isFalse();
        assertThat(records.get(1).problem()).contains("not valid UTF-8");
        assertThat(records.get(2).readable()).isTrue();
    }

    @Test
    void anUnclosedQuoteIsReported() {
        var records = read("sku,title\nA,\"never closed\n");
        assertThat(records.get(1).problem()).contains("not closed");
    }

    @Test
    void emptyFieldsAndTrailingSeparatorsCount() {
        assertThat(read("a,,c,\n").get(0).fields()).containsExactly("a", "", "c", "");
    }
}
