package com.bazaar.batch.csv;

import java.util.List;

/**
 * One record of a CSV file. {@code row} is the row number a seller sees in a spreadsheet: the header is row 1, and a
 * record whose quoted field holds line breaks is still one row. {@code problem} is set when the record could not be
 * read as written (an unterminated quote, bytes that are not UTF-8); its fields are then what could be read.
 */
public record CsvRecord(long row, List<String> fields, String problem) {

    public CsvRecord {
        fields = List.copyOf(fields);
    }

    public boolean readable() {
        return problem == null;
    }
}
