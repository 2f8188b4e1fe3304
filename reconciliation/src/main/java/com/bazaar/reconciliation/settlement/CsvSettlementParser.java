package com.bazaar.reconciliation.settlement;

import com.bazaar.batch.csv.CsvReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Numbers;
import com.bazaar.domain.shared.ValidationException;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the CSV settlement formats share: the file is read streaming, one record at a time, with the batch module's
 * RFC 4180 {@link CsvReader} (BOM, CRLF/LF/CR, quoted fields holding commas, quotes and line breaks). The first
 * non-blank row is the header; its column names are matched case-insensitively and in any order.
 *
 * <p>A header the format cannot use (a missing required column, a column named twice, an unknown column where the
 * format forbids them) is reported as one {@link ParseProblem} on the header's line and nothing else is read. Then
 * every data line becomes exactly one {@link SettlementRecord} or one {@link ParseProblem}; a line with several
 * problems names them all in one reason, joined with {@code "; "}. Blank lines, and lines whose fields are all
 * empty (how a spreadsheet saves an empty row), are skipped; line numbers stay those a spreadsheet shows.
 *
 * <p>An {@link java.io.UncheckedIOException} from the stream (the file cannot be read at all) is not a line problem
 * and propagates. The stream is not closed: it belongs to the caller.
 */
abstract class CsvSettlementParser implements SettlementParser {

    @Override
    public final void parse(InputStream file, Consumer<SettlementRecord> records, Consumer<ParseProblem> problems) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(problems, "problems");
        CsvReader reader = new CsvReader(file);
        if (!reader.hasNext()) {
            problems.accept(new ParseProblem(1, "the file is empty: a " + name()
                    + " settlement report starts with a header row", ""));
            return;
        }
        CsvRecord header = reader.next();
        String headerRaw = raw(header.fields());
        if (!header.readable()) {
            problems.accept(new ParseProblem(header.row(), "the header cannot be read: " + header.problem(),
                    headerRaw));
            return;
        }
        Columns columns = new Columns(header.fields());
        List<String> headerProblems = checkHeader(columns);
        if (!headerProblems.isEmpty()) {
            problems.accept(new ParseProblem(header.row(), String.join("; ", headerProblems), headerRaw));
            return;
        }
        while (reader.hasNext()) {
            CsvRecord record = reader.next();
            if (!record.readable()) {
                problems.accept(new ParseProblem(record.row(), "unreadable line: " + record.problem(),
                        raw(record.fields())));
                continue;
            }
            if (record.fields().stream().allMatch(String::isBlank)) {
                continue;
            }
            if (record.fields().size() != columns.size()) {
                problems.accept(new ParseProblem(record.row(), "wrong column count: the header has "
                        + columns.size() + " columns, this line has " + record.fields().size(),
                        raw(record.fields())));
                continue;
            }
            Row row = new Row(record, columns);
            SettlementRecord settled = null;
            try {
                settled = read(row);
            } catch (ValidationException e) {
                row.error(e.getMessage());
            }
            if (settled == null && !row.failed()) {
                row.error("the line could not be read");
            }
            if (row.failed()) {
                problems.accept(new ParseProblem(record.row(), row.reason(), raw(record.fields())));
            } else {
                records.accept(settled);
            }
        }
    }

    /** The columns the format needs (display spelling, matched case-insensitively). */
    abstract List<String> requiredColumns();

    /** Columns the format reads when present. */
    abstract List<String> optionalColumns();

    /** Whether columns other than the required and optional ones are refused (true) or ignored (false). */
    abstract boolean refusesUnknownColumns();

    /** Further header checks of one format; each returned sentence is a problem. */
    List<String> extraHeaderProblems(Columns columns) {
        return List.of();
    }

    /**
     * Reads one data line (its column count already checked). Returns the record, or {@code null} after
     * reporting at least one {@link Row#error}; a {@link ValidationException} thrown here also becomes the line's
     * problem.
     */
    abstract SettlementRecord read(Row row);

    private List<String> checkHeader(Columns columns) {
        List<String> out = new ArrayList<>();
        if (columns.size() == 1 && columns.names.get(0).contains(";")) {
            out.add("the header is one column holding ';': the file looks semicolon-separated; export it"
                    + " comma-separated");
            return out;
        }
        if (!columns.duplicates.isEmpty()) {
            out.add("column" + plural(columns.duplicates) + " named more than once in the header: "
                    + String.join(", ", columns.duplicates));
        }
        List<String> missing = requiredColumns().stream().filter(c -> !columns.has(c)).toList();
        if (!missing.isEmpty()) {
            out.add("missing required column" + plural(missing) + ": " + String.join(", ", missing));
        }
        if (refusesUnknownColumns()) {
            Set<String> known = new LinkedHashSet<>();
            requiredColumns().forEach(c -> known.add(key(c)));
            optionalColumns().forEach(c -> known.add(key(c)));
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String n = columns.names.get(i);
                if (!known.contains(key(n))) {
                    unknown.add(n.isEmpty() ? "(no name, column " + (i + 1) + ")" : n);
                }
            }
            if (!unknown.isEmpty()) {
                List<String> all = new ArrayList<>(requiredColumns());
                all.addAll(optionalColumns());
                out.add("unknown column" + plural(unknown) + ": " + String.join(", ", unknown) + " (the " + name()
                        + " format has the columns " + String.join(", ", all) + ")");
            }
        }
        out.addAll(extraHeaderProblems(columns));
        return out;
    }

    private static String plural(List<?> items) {
        return items.size() == 1 ? "" : "s";
    }

    static String key(String column) {
        return column.strip().toLowerCase(Locale.ROOT);
    }

    /** The line as CSV text again (fields quoted where needed), for the problem report. */
    static String raw(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        return out.toString();
    }

    /** Checks the provider's arithmetic: net must be exactly gross - fee. */
    static void checkNet(Row row, Money gross, Money fee, Money net) {
        Money expected = gross.minus(fee);
        if (!expected.equals(net)) {
            row.error("net does not equal gross - fee: " + gross.decimal() + " - " + fee.decimal() + " = "
                    + expected.decimal() + ", but net is " + net.decimal());
        }
    }

    /**
     * A decimal as payment providers write it, in the form {@link Money#parse} reads: an optional sign ({@code -} or
     * {@code +}), ASCII digits, an optional point followed by digits - where the digits before the point may be left
     * out ({@code .91}, {@code -.11}, {@code +.5}: Adyen writes amounts below 1 so). {@code "-.11"} becomes
     * {@code "-0.11"}, {@code "+12.5"} {@code "12.5"}. Empty for anything else ({@code .}, {@code -.}, {@code 12.},
     * {@code 1.2.3}, {@code 1e5}, other digits than 0-9, blanks inside), which the caller refuses.
     */
    static Optional<String> plainDecimal(String value) {
        if (Numbers.isPlainDecimal(value)) {
            return Optional.of(value); // already the form Money#parse reads (nearly every amount): no regex
        }
        Matcher m = PROVIDER_DECIMAL.matcher(value);
        if (!m.matches() || (m.group(2).isEmpty() && m.group(3) == null)) {
            return Optional.empty();
        }
        return Optional.of(("-".equals(m.group(1)) ? "-" : "") + (m.group(2).isEmpty() ? "0" : m.group(2))
                + (m.group(3) == null ? "" : "." + m.group(3)));
    }

    private static final Pattern PROVIDER_DECIMAL = Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]+))?");

    /** The header: names by position, looked up case-insensitively. */
    static final class Columns {

        private final List<String> names;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> duplicates = new ArrayList<>();

        Columns(List<String> names) {
            this.names = names.stream().map(String::strip).toList();
            for (int i = 0; i < this.names.size(); i++) {
                if (index.putIfAbsent(key(this.names.get(i)), i) != null && !this.names.get(i).isEmpty()) {
                    duplicates.add(this.names.get(i));
                }
            }
        }

        boolean has(String column) {
            return index.containsKey(key(column));
        }

        int size() {
            return names.size();
        }
    }

    /** One data line being read: field access by column name, and the problems found so far. */
    static final class Row {

        private static final Pattern DATE_TIME =
                Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2}))?)?");
        private static final Pattern RATE = Pattern.compile("[0-9]{1,18}(?:\\.[0-9]{1,18})?");

        private final CsvRecord record;
        private final Columns columns;
        private final List<String> errors = new ArrayList<>();

        Row(CsvRecord record, Columns columns) {
            this.record = record;
            this.columns = columns;
        }

        long line() {
            return record.row();
        }

        void error(String reason) {
            errors.add(reason);
        }

        boolean failed() {
            return !errors.isEmpty();
        }

        String reason() {
            return String.join("; ", errors);
        }

        boolean has(String column) {
            return columns.has(column);
        }

        /** The stripped value; empty when the column is absent or empty. */
        String text(String column) {
            Integer i = columns.index.get(key(column));
            return i == null ? "" : record.fields().get(i).strip();
        }

        Optional<String> optional(String column) {
            String value = text(column);
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        /** The value, or {@code null} after reporting it missing. */
        String required(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                error(column + ": missing required value");
                return null;
            }
            return value;
        }

        CurrencyCode currency(String column) {
            String value = required(column);
            if (value == null) {
                return null;
            }
            try {
                return CurrencyCode.of(value);
            } catch (ValidationException e) {
                error(column + ": " + e.getMessage());
                return null;
            }
        }

        /** A required amount; {@code null} (nothing more reported) when the currency itself was bad. */
        Money amount(String column, CurrencyCode currency) {
            String value = required(column);
            return value == null ? null : money(column, value, currency);
        }

        /** An amount that counts as zero when empty or when its column is absent. */
        Money amountOrZero(String column, CurrencyCode currency) {
            String value = text(column);
            if (currency == null) {
                return null;
            }
            return value.isEmpty() ? Money.zero(currency) : money(column, value, currency);
        }

        private Money money(String column, String value, CurrencyCode currency) {
            if (currency == null) {
                return null;
            }
            String plain = plainDecimal(value).orElse(value); // anything else: Money.parse names what is wrong
            try {
                return Money.parse(plain, currency);
            } catch (ValidationException e) {
                error(column + ": " + e.getMessage() + (plain.equals(value) ? ""
                        : " (written '" + Numbers.abbreviated(value) + "')"));
                return null;
            }
        }

        /**
         * The day of a required {@code YYYY-MM-DD} value, or of {@code YYYY-MM-DD HH:MM[:SS]} when
         * {@code timeAllowed}; the time, if any, must be a real time of day too.
         */
        LocalDate date(String column, boolean timeAllowed) {
            String value = required(column);
            if (value == null) {
                return null;
            }
            String expected = timeAllowed ? "a date such as 2026-11-20 or 2026-11-20 13:45:10" : "a date YYYY-MM-DD";
            Matcher m = DATE_TIME.matcher(value);
            if (!m.matches() || (!timeAllowed && m.group(2) != null)) {
                error(column + ": bad date '" + value + "' (expected " + expected + ")");
                return null;
            }
            LocalDate day;
            try {
                day = LocalDate.parse(m.group(1));
            } catch (DateTimeException e) {
                error(column + ": bad date '" + value + "' (no such day; expected " + expected + ")");
                return null;
            }
            if (m.group(2) != null) {
                try {
                    LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                            m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
                } catch (DateTimeException e) {
                    error(column + ": bad date '" + value + "' (no such time of day; expected " + expected + ")");
                    return null;
                }
            }
            return day;
        }

        /**
         * An exchange rate: a plain positive decimal ({@code 1.0825}, also {@code .91} or {@code +1.5}), kept exactly
         * (its digits and scale); empty when the value is empty.
         */
        Optional<BigDecimal> rate(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> plain = plainDecimal(value);
            if (plain.isEmpty() || !RATE.matcher(plain.get()).matches() || new BigDecimal(plain.get()).signum() <= 0) {
                error(column + ": bad exchange rate '" + Numbers.abbreviated(value) + "' (expected a plain positive"
                        + " decimal such as 1.0825)");
                return Optional.empty();
            }
            return Optional.of(new BigDecimal(plain.get()));
        }
    }
}
