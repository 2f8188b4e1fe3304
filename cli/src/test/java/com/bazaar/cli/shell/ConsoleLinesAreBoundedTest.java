package com.bazaar.cli.shell;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The piped lines of {@code bazaar shell} ({@link BoundedLines}): a line up to the limit arrives whole; a longer one,
 * with or without a newline after it, arrives as "too long" with its number, and the next line is unaffected; the
 * memory used does not grow with the line.
 */
class ConsoleLinesAreBoundedTest {

    @Test
    void linesUpToTheLimitArriveWholeAndLongerOnesOnlyByNumber() throws IOException {
        String atLimit = "x".repeat(11); // as long as "seller list"
        var lines = read("seller list\r\n" + atLimit + "\n" + atLimit + "y\n\nlast", 11);
        assertThat(lines).containsExactly(
                new BoundedLines.Text(1, "seller list"),
                new BoundedLines.Text(2, atLimit),
                new BoundedLines.TooLong(3),
                new BoundedLines.Text(4, ""),
                new BoundedLines.Text(5, "last"));
    }

    @Test
    void aCarriageReturnJustPastTheLimitIsPartOfTheLineEnd() throws IOException {
        assertThat(read("abcde\r\nabcdef\r\nabcde\rx\n", 5)).containsExactly(
                new BoundedLines.Text(1, "abcde"), new BoundedLines.TooLong(2), new BoundedLines.TooLong(3));
    }

    @Test
    void aLongLineWithoutNewlineEndsTheInputAsTooLong() throws IOException {
        assertThat(read("ok\n" + "a".repeat(100_000), 1000))
                .containsExactly(new BoundedLines.Text(1, "ok"), new BoundedLines.TooLong(2));
        assertThat(read("", 10)).isEmpty();
    }

    @Test
    void aLineOfAGigabyteIsReadWithoutKeepingIt() throws IOException {
        long length = 1L << 30; // far more characters than the heap of this test could hold as a String
        Reader endless = new Reader() {
            private long left = length;

            @Override
            public int read(char[] buffer, int offset, int count) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                java.util.Arrays.fill(buffer, offset, offset + n, 'a');
                left -= n;
                if (left == 0) {
                    buffer[offset + n - 1] = '\n';
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        var huge = new BoundedLines(endless, 65_536);
        assertThat(huge.next()).isEqualTo(new BoundedLines.TooLong(1));
        assertThat(huge.next()).isNull();
    }

    private static List<BoundedLines.Line> read(String input, int limit) throws IOException {
        var lines = new BoundedLines(new StringReader(input), limit);
        List<BoundedLines.Line> all = new ArrayList<>();
        for (var line = lines.next(); line != null; line = lines.next()) {
            all.add(line);
        }
        return all;
    }
}
