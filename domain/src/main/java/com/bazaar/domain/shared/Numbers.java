package com.bazaar.domain.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place numbers are read from untrusted text (command lines, CSV files, configuration): digits are the ASCII
 * digits 0-9 only. Java's own parsers ({@code Long.parseLong}, {@code Integer.valueOf}, {@code new BigDecimal})
 * accept every Unicode decimal digit - fullwidth {@code １}, Arabic-Indic {@code ٣}, Devanagari - so a value could look
 * like one thing to a person and be stored as another; those parsers are never called on untrusted text directly.
 * Every refusal is a {@link ValidationException} naming the field and, for a value out of range, the limits.
 */
public final class Numbers {

    /** An optional sign, then 1 or more ASCII digits: nothing else, no spaces inside, no separators. */
    private static final Pattern WHOLE = Pattern.compile("([+-]?)([0-9]+)");
    /** Longer than this is out of every range we accept, whatever the digits: no need to read it. */
    private static final int MAX_DIGITS = 40;

    private Numbers() {
    }

    /** True when {@code text} is one or more ASCII digits 0-9 and nothing else. */
    public static boolean isAsciiDigits(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code text} is a plain decimal written with ASCII digits: {@code 12}, {@code 12.5}, {@code -0.25}. */
    public static boolean isPlainDecimal(String text) {
        return text != null && plainDecimal(text) != null;
    }

    /**
     * The parts of a plain decimal - the sign ({@code "-"} or {@code ""}), the whole digits, the fraction digits or
     * null - or null when {@code text} is not one: exactly what {@code (-?)([0-9]+)(?:\.([0-9]+))?} matches, read
     * without a regex (amounts are read a million times a file: the regex engine's matcher cost more than the rest
     * of the parse).
     */
    private static String[] plainDecimal(String text) {
        int n = text.length();
        int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        int wholeStart = i;
        while (i < n && isAsciiDigit(text.charAt(i))) {
            i++;
        }
        if (i == wholeStart) {
            return null;
        }
        String whole = text.substring(wholeStart, i);
        if (i == n) {
            return new String[] {wholeStart == 1 ? "-" : "", whole, null};
        }
        if (text.charAt(i) != '.') {
            return null;
        }
        int fractionStart = ++i;
        while (i < n && isAsciiDigit(text.charAt(i))) {
            i++;
        }
        if (i == fractionStart || i != n) {
            return null;
        }
        return new String[] {wholeStart == 1 ? "-" : "", whole, text.substring(fractionStart)};
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** ASCII digits without their leading zeros, one digit kept: {@code 007} is {@code 7}, {@code 000} is {@code 0}. */
    private static String withoutLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /**
     * A whole number between {@code min} and {@code max} (both included), written with an optional sign and ASCII
     * digits; surrounding blanks are ignored.
     *
     * @param field the name the refusal uses, e.g. {@code delta} or {@code quantity}
     * @param code  the refusal's reason code, e.g. {@code DELTA_INVALID}
     */
    public static long whole(String text, String field, String code, long min, long max) {
        String raw = text == null ? "" : text.strip();
        Matcher m = WHOLE.matcher(raw);
        if (!m.matches()) {
            throw new ValidationException(code, field, field + " must be a whole number written with the digits 0-9"
                    + " (got '" + abbreviated(raw) + "')");
        }
        if (m.group(2).length() > MAX_DIGITS) {
            throw outOfRange(field, code, raw, min, max);
        }
        BigInteger value = new BigInteger(m.group(1).equals("-") ? "-" + m.group(2) : m.group(2));
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw outOfRange(field, code, raw, min, max);
        }
        return value.longValueExact();
    }

    /**
     * An id as typed (an order, a payment): ASCII digits only, no sign, positive, within a {@code long}. Anything else
     * is refused with {@code sentence} followed by the value, e.g. "an order id is a positive whole number (got 'x')".
     */
    public static long id(String text, String field, String code, String sentence) {
        String raw = text == null ? "" : text.strip();
        if (!isAsciiDigits(raw) || withoutLeadingZeros(raw).length() > 18 || withoutLeadingZeros(raw).equals("0")) {
            throw new ValidationException(code, field, sentence + " (got '" + abbreviated(raw) + "')");
        }
        return Long.parseLong(raw); // ASCII digits, at most 18 significant: exact
    }

    /** A whole number between {@code min} and {@code max} that fits an int. */
    public static int wholeInt(String text, String field, String code, int min, int max) {
        return (int) whole(text, field, code, min, max);
    }

    /**
     * A plain decimal ({@code 12}, {@code 12.5}, {@code -0.25}) written with ASCII digits: no sign other than a leading
     * minus, no exponent, no separators; surrounding blanks are ignored. At most {@code maxIntegerDigits} digits before
     * the point (after leading zeros) and {@code maxFractionDigits} after it.
     */
    public static BigDecimal decimal(String text, String field, String code, int maxIntegerDigits,
                                     int maxFractionDigits) {
        String raw = text == null ? "" : text.strip();
        String[] parts = plainDecimal(raw);
        if (parts == null) {
            throw new ValidationException(code, field, field + " must be a plain decimal such as 12.99, written with"
                    + " the digits 0-9 (got '" + abbreviated(raw) + "')");
        }
        String whole = withoutLeadingZeros(parts[1]);
        String fraction = parts[2] == null ? "" : parts[2];
        if (fraction.length() > maxFractionDigits) {
            throw new ValidationException(code, field, field + " " + abbreviated(raw) + " has more than "
                    + maxFractionDigits + " decimal(s)");
        }
        if (whole.length() > maxIntegerDigits) {
            throw new ValidationException(code, field, field + " " + abbreviated(raw) + " has more than "
                    + maxIntegerDigits + " digit(s) before the decimal point");
        }
        BigDecimal value = new BigDecimal(whole + (fraction.isEmpty() ? "" : "." + fraction));
        return parts[0].isEmpty() ? value : value.negate();
    }

    private static ValidationException outOfRange(String field, String code, String raw, long min, long max) {
        return new ValidationException(code, field, field + " must be between " + min + " and " + max + " (got "
                + abbreviated(raw) + ")");
    }

    /** The value as given, shortened when absurdly long, so a refusal stays one readable sentence. */
    public static String abbreviated(String raw) {
        return raw.length() <= 30 ? raw : raw.substring(0, 30) + "... (" + raw.length() + " characters)";
    }
}
