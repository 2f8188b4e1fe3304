package com.bazaar.batch.csv;

import java.io.BufferedReader;
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
 */
public final class CsvReader implements Iterator<CsvRecord>, AutoCloseable {

    private static final char REPLACEMENT = '\uFFFD';
    private static final int MAX_FIELD = 1 << 20;

    private final Reader in;
    private final char separator;
    private long row;
    private CsvRecord next;
    private boolean done;
    private int pushedBack = -2;

    public CsvReader(InputStream bytes, char separator) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.in = new BufferedReader(new InputStreamReader(bytes, decoder), 1 << 16);
        this.separator = separator;
    }

    public CsvReader(InputStream bytes) {
        this(bytes, ',');
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
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
            boolean quoted = false;
            boolean inQuotes = false;
            boolean any = false;
            boolean invalidUtf8 = false;
            String problem = null;
            int c = read();
            if (row == 0 && c == '\uFEFF') {
                c = read();
            }
            if (c == -1) {
                return null;
            }
            while (true) {
                if (c == -1) {
                    if (inQuotes) {
                        problem = "a quoted field is not closed before the end of the file";
                    }
                    fields.add(field.toString());
                    break;
                }
                char ch = (char) c;
                if (ch == REPLACEMENT) {
                    invalidUtf8 = true;
                }
                if (inQuotes) {
                    if (ch == '"') {
                        int peek = read();
                        if (peek == '"') {
                            field.append('"');
                        } else {
                            inQuotes = false;
                            pushedBack = peek;
                        }
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"' && field.isEmpty() && !quoted) {
                    inQuotes = true;
                    quoted = true;
                    any = true;
                } else if (ch == separator) {
                    fields.add(field.toString());
                    field.setLength(0);
                    quoted = false;
                    any = true;
                } else if (ch == '\r' || ch == '\n') {
                    if (ch == '\r') {
                        int peek = read();
                        if (peek != '\n') {
                            pushedBack = peek;
                        }
                    }
                    fields.add(field.toString());
                    break;
                } else {
                    field.append(ch);
                    any = true;
                }
                if (field.length() > MAX_FIELD) {
                    problem = "a field is longer than " + MAX_FIELD + " characters (is a quote missing?)";
                    fields.add(field.substring(0, 100));
                    skipToEnd();
                    break;
                }
                c = read();
            }
            if (!any && fields.size() == 1 && fields.get(0).isEmpty() && problem == null) {
                row++;
                continue; // a blank line: a spreadsheet shows an empty row; skip it but keep the numbering
            }
            row++;
            if (problem == null && invalidUtf8) {
                problem = "the row holds bytes that are not valid UTF-8 (save the file as \"CSV UTF-8\")";
            }
            return new CsvRecord(row, fields, problem);
        }
    }

    private void skipToEnd() throws IOException {
        while (read() != -1) {
            // the rest of the file cannot be aligned with rows any more
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
