package com.bazaar.batch.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A streaming RFC 4180 reader (bounded memory: one record at a time) for the files sellers export from
 * spreadsheets: UTF-8 with or without a byte-order mark; CRLF, LF or CR line ends; fields quoted with {@code "} that
 * may hold separators, doubled quotes and line breaks; blank lines skipped. Bytes that are not UTF-8 do not stop the
 * file: they are replaced, and the record is marked with a problem naming its row.
 *
 * <p><b>Limits</b>, enforced while reading so that no more than them is ever held, whatever the input: at most
 * {@value #MAX_COLUMNS} columns, {@value #MAX_FIELD} characters in a field and {@value #MAX_RECORD} characters in a
 * record (one spreadsheet row, separators, quotes and quoted line breaks included). A record over a limit becomes a
 * problem naming its row and column ("row 2, column 1025: more than 1,024 columns"); the rest of that record is read
 * past without being stored, following its quotes, so the next record is read as usual and the error policies of
 * the job still apply. Its fields are then empty: nothing of an over-long record is kept.
 */
public final class CsvReader implements Iterator<CsvRecord>, AutoCloseable {

    /** The most columns a record may have. */
    public static final int MAX_COLUMNS = 1024;
    /** The most characters a field may hold (1 MiB). */
    public static final int MAX_FIELD = 1 << 20;
    /** The most characters a record may hold, separators, quotes and line breaks included (4 MiB). */
    public static final int MAX_RECORD = 4 << 20;

    private static final char REPLACEMENT = '\uFFFD';
    private static final int END = -1;

    private final Reader in;
    private final char separator;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long row;
    private CsvRecord next;
    private boolean done;

    public CsvReader(InputStream bytes, char separator) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.in = new InputStreamReader(bytes, decoder);
        this.separator = separator;
    }

    public CsvReader(InputStream bytes) {
        this(bytes, ',');
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return END;
            }
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c != END) {
            position--;
        }
        return c;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = readRecord();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (next == null) {
                done = true;
            }
        }
        return next != null;
    }

    @Override
    public CsvRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRecord r = next;
        next = null;
        return r;
    }

    private CsvRecord readRecord() throws IOException {
        while (true) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int fieldLength = 0; // characters of the current field, counted even when they are not kept
            boolean quoted = false;
            boolean inQuotes = false;
            boolean any = false;
            boolean invalidUtf8 = false;
            boolean discarding = false; // over a limit: read to the end of the record, keep nothing
            String problem = null;
            long length = 0;
            int c = read();
            if (row == 0 && c == '\uFEFF') {
                c = read();
            }
            if (c == END) {
                return null;
            }
            while (true) {
                if (c == END) {
                    if (inQuotes && problem == null) {
                        problem = "a quoted field is not closed before the end of the file";
                    }
                    fields.add(field.toString());
                    break;
                }
                char ch = (char) c;
                length++;
                if (ch == REPLACEMENT) {
                    invalidUtf8 = true;
                }
                if (inQuotes) {
                    if (ch == '"') {
                        if (peek() == '"') {
                            read();
                            length++;
                            field.append('"');
                            fieldLength++;
                        } else {
                            inQuotes = false;
                        }
                    } else {
                        field.append(ch);
                        fieldLength++;
                    }
                } else if (ch == '"' && fieldLength == 0 && !quoted) {
                    inQuotes = true;
                    quoted = true;
                    any = true;
                } else if (ch == separator) {
                    any = true;
                    quoted = false;
                    if (!discarding && fields.size() + 1 == MAX_COLUMNS) {
                        problem = limit(row + 1, MAX_COLUMNS + 1, "more than " + format(MAX_COLUMNS) + " columns");
                        discarding = true;
                    }
                    if (!discarding) {
                        fields.add(field.toString());
                    }
                    field.setLength(0);
                    fieldLength = 0;
                } else if (ch == '\r' || ch == '\n') {
                    if (ch == '\r' && peek() == '\n') {
                        read();
                    }
                    fields.add(field.toString());
                    break;
                } else {
                    field.append(ch);
                    fieldLength++;
                    any = true;
                }
                if (!discarding && fieldLength > MAX_FIELD) {
                    problem = limit(row + 1, fields.size() + 1, "a field is longer than " + format(MAX_FIELD)
                            + " characters" + (inQuotes ? " (is a closing quote missing?)" : ""));
                    discarding = true;
                } else if (!discarding && length > MAX_RECORD) {
                    problem = limit(row + 1, fields.size() + 1, "the row is longer than " + format(MAX_RECORD)
                            + " characters");
                    discarding = true;
                }
                if (discarding) {
                    field.setLength(0);
                }
                c = read();
            }
            row++;
            if (discarding) {
                return new CsvRecord(row, List.of(), problem);
            }
            if (!any && fields.size() == 1 && fields.get(0).isEmpty() && problem == null) {
                continue; // a blank line: a spreadsheet shows an empty row; skip it but keep the numbering
            }
            if (problem == null && invalidUtf8) {
                problem = "the row holds bytes that are not valid UTF-8 (save the file as \"CSV UTF-8\")";
            }
            return new CsvRecord(row, fields, problem);
        }
    }

    private static String limit(long row, long column, String what) {
        return "row " + row + ", column " + format(column) + ": " + what;
    }

    private static String format(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
