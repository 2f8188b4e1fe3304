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

    // --- limits: enforced while reading, a row-level problem naming row and column, the next row read as usual ---

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void exactly1024ColumnsAreReadAndOneMoreIsAProblemOfThatRowOnly() {
        String wide = "x" + ",x".repeat(CsvReader.MAX_COLUMNS - 1);
        String tooWide = wide + ",x";
        var records = read("a,b\n" + wide + "\n" + tooWide + "\nB,2\n");
        assertThat(records).extracting(CsvRecord::row).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(1).readable()).isTrue();
        assertThat(records.get(1).fields()).hasSize(CsvReader.MAX_COLUMNS);
        assertThat(records.get(2).problem()).isEqualTo("row 3, column 1,025: more than 1,024 columns");
        assertThat(records.get(2).fields()).isEmpty();
        assertThat(records.get(3).fields()).containsExactly("B", "2");
    }

    @Test
    void aLineOfMillionsOfCommasIsOneProblemAndNothingOfItIsKept() {
        var commas = new java.io.InputStream() {
            long left = 50_000_000;

            @Override
            public int read() {
                return left-- > 0 ? ',' : (left == -1 ? '\n' : -1);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c == -1) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        List<CsvRecord> records = new ArrayList<>();
        new CsvReader(commas).forEachRemaining(records::add);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).problem()).isEqualTo("row 1, column 1,025: more than 1,024 columns");
        assertThat(records.get(0).fields()).isEmpty();
    }

    @Test
    void aFieldOverOneMebibyteIsAProblemNamingItsColumnAndTheNextRowIsRead() {
        String exactly = repeat('y', CsvReader.MAX_FIELD);
        var records = read("a,b,c\nA," + exactly + ",z\nB," + exactly + "y,z\nC,1,2\n");
        assertThat(records.get(1).readable()).isTrue();
        assertThat(records.get(1).fields().get(1)).hasSize(CsvReader.MAX_FIELD);
        assertThat(records.get(2).problem()).isEqualTo("row 3, column 2: a field is longer than 1,048,576 characters");
        assertThat(records.get(2).fields()).isEmpty();
        assertThat(records.get(3).fields()).containsExactly("C", "1", "2");
    }

    @Test
    void aRowOverFourMebibytesIsAProblemEvenWhenEachFieldFits() {
        String field = repeat('z', CsvReader.MAX_FIELD);
        // four full fields and their three separators: the limit is passed near the end of the fourth column
        String row = String.join(",", field, field, field, field, "more");
        var records = read("a,b,c,d,e\n" + row + "\nB,1,2,3,4\n");
        assertThat(records.get(1).problem()).isEqualTo("row 2, column 4: the row is longer than 4,194,304 characters");
        assertThat(records.get(2).fields()).containsExactly("B", "1", "2", "3", "4");
    }

    @Test
    void theRestOfAnOverLongRowIsSkippedFollowingItsQuotes() {
        // after the limit, separators, line breaks and doubled quotes inside quotes still belong to the long row
        String tail = ",\"quoted, with a comma\nand a line break and \"\"doubled\"\" quotes\",x\n";
        String tooWide = "x" + ",x".repeat(CsvReader.MAX_COLUMNS) + tail;
        String tooLong = "\"" + repeat('q', CsvReader.MAX_FIELD) + "q\nstill,inside" + "\"" + tail;
        var records = read("a,b\n" + tooWide + "A,1\n" + tooLong + "B,2\n");
        assertThat(records).extracting(CsvRecord::row).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records.get(1).problem()).contains("row 2, column 1,025");
        assertThat(records.get(2).fields()).containsExactly("A", "1");
        assertThat(records.get(3).problem())
                .isEqualTo("row 4, column 1: a field is longer than 1,048,576 characters (is a closing quote missing?)");
        assertThat(records.get(4).fields()).containsExactly("B", "2");
    }

    @Test
    void aQuoteNeverClosedEndsTheFileAsOneProblemRowOnceItPassesTheLimit() {
        String rest = "B,2\n".repeat(CsvReader.MAX_FIELD / 4 + 1);
        var records = read("a,b\nA,\"never closed\n" + rest);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).problem()).contains("row 2, column 2: a field is longer than 1,048,576 characters"
                + " (is a closing quote missing?)");
    }
}
