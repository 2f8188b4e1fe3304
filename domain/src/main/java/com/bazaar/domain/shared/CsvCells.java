package com.bazaar.domain.shared;

import java.util.regex.Pattern;

/**
 * The one rule for cells of every CSV file Bazaar writes (command output in CSV mode, import error reports, the
 * reconciliation report, the audit export): a cell that a spreadsheet would run as a formula is written with a
 * leading apostrophe, and RFC 4180 quoting where the cell needs it.
 * <p>
 * A cell is neutralised when it starts with {@code = + - @}, a tab, a carriage return or a line feed (OWASP "CSV
 * injection"), or with the fullwidth {@code ＝ ＋ － ＠} that some spreadsheets read as their ASCII twins. A plain
 * decimal number ({@code -5}, {@code -12.50}) stays as it is: a spreadsheet reads it as a number, never as a formula,
 * and amounts and deltas stay numbers in a spreadsheet. A cell that already starts with an apostrophe gets one more,
 * so that {@link #restore} (drop exactly one leading apostrophe when the rest would have been neutralised) gives every
 * value back unchanged: the audit export is verified byte for byte after reading it back.
 */
public final class CsvCells {

    private static final String TRIGGERS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private CsvCells() {
    }

    /** The value as one CSV cell: neutralised, then quoted if it holds a comma, a quote or a line break. */
    public static String cell(String value) {
        return quote(neutralise(value));
    }

    /** The value, with a leading apostrophe if a spreadsheet would otherwise run it as a formula (see above). */
    public static String neutralise(String value) {
        String v = value == null ? "" : value;
        return needsApostrophe(v) ? "'" + v : v;
    }

    /** The inverse of {@link #neutralise}: the stored value of a cell read back from a file Bazaar wrote. */
    public static String restore(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && needsApostrophe(cell.substring(1))) {
            return cell.substring(1);
        }
        return cell;
    }

    /** RFC 4180: a cell holding a comma, a double quote, CR or LF is enclosed in double quotes, quotes doubled. */
    public static String quote(String cell) {
        String v = cell == null ? "" : cell;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static boolean needsApostrophe(String v) {
        if (v.isEmpty()) {
            return false;
        }
        char first = v.charAt(0);
        if (first == '\'') {
            return true;
        }
        return TRIGGERS.indexOf(first) >= 0 && !PLAIN_NUMBER.matcher(v).matches();
    }
}
