package com.bazaar.cli.shell;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a character stream, each at most {@code limit} characters: a longer line is read to its end (or to the
 * end of the input) but not kept, so memory stays bounded by the limit whatever the input. The line ends at
 * {@code \n}; a {@code \r} before it is dropped.
 */
final class BoundedLines {

    /** One line of the input, numbered from 1. */
    sealed interface Line permits Text, TooLong {
        long number();
    }

    /** A line within the limit, without its end-of-line characters. */
    record Text(long number, String text) implements Line {
    }

    /** A line longer than the limit: consumed, not kept. */
    record TooLong(long number) implements Line {
    }

    private final Reader in;
    private final int limit;
    private final char[] buffer = new char[8192];
    private int position;
    private int end;
    private long number;

    BoundedLines(Reader in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The next line, or {@code null} at the end of the input (a last line without {@code \n} is a line). */
    Line next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == end) {
                end = in.read(buffer, 0, buffer.length);
                position = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            while (position < end && buffer[position] != '\n') {
                position++;
            }
            if (!tooLong) {
                // one character over the limit is kept for a while: it may be the '\r' of "\r\n"
                line.append(buffer, start, Math.min(position - start, limit + 2 - line.length()));
                tooLong = line.length() > limit + 1;
            }
            if (position < end) {
                position++; // the '\n'
                break;
            }
        }
        number++;
        if (!tooLong && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        return tooLong || line.length() > limit ? new TooLong(number) : new Text(number, line.toString());
    }
}
