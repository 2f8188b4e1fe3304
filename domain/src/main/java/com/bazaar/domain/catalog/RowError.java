package com.bazaar.domain.catalog;

/** One problem of one row: the spreadsheet row number, the column, a stable code, a sentence, the value as given. */
public record RowError(long row, String column, String code, String message, String value) {
}
