package com.bazaar.domain.limits;

import com.bazaar.domain.shared.ValidationException;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How many requests a subject may make per period, written {@code 10/min}: a bucket of {@code permits} tokens, refilled
 * evenly over the period (so a subject idle for a period may burst up to {@code permits}, then gets one every
 * {@code period / permits}).
 */
public record Rate(long permits, Duration period) {

    public static final long MAX_PERMITS = 1_000_000_000L;
    private static final Pattern FORM = Pattern.compile("([0-9]{1,10})\\s*/\\s*([a-z]+)");
    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)));

    public Rate {
        if (permits < 1 || permits > MAX_PERMITS) {
            throw new ValidationException("RATE_INVALID", "rate", "a rate allows 1 to " + MAX_PERMITS
                    + " requests per period, not " + permits);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new ValidationException("RATE_INVALID", "rate", "a rate's period must be positive");
        }
    }

    /** Parses {@code N/s}, {@code N/min}, {@code N/h} or {@code N/day} (also {@code second}, {@code m}, ...). */
    public static Rate parse(String text) {
        var m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || !UNITS.containsKey(m.group(2))) {
            throw new ValidationException("RATE_INVALID", "rate", "a rate is written N/s, N/min, N/h or N/day,"
                    + " e.g. 10/min");
        }
        return new Rate(Long.parseLong(m.group(1)), UNITS.get(m.group(2)));
    }

    /** As {@link #parse} reads it: {@code 10/min}. */
    @Override
    public String toString() {
        String unit = period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1)) ? "min"
                : period.equals(Duration.ofHours(1)) ? "h" : period.equals(Duration.ofDays(1)) ? "day"
                : period.toSeconds() + "s";
        return permits + "/" + unit;
    }
}
