package com.bazaar.cli.commands;

import com.bazaar.domain.shared.ValidationException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The WHEN of every {@code --since}: a date (2026-11-25), an instant (2026-11-25T10:00:00Z) or an age (30m, 2h, 7d). */
final class Since {

    static final String HELP = "2026-11-25, 2026-11-25T10:00:00Z, or 30m / 2h / 7d ago";
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");

    private Since() {
    }

    static Instant parse(java.time.Clock clock, String value) {
        Matcher m = RELATIVE.matcher(value.strip());
        if (m.matches()) {
            try {
                // ASCII digits, at most 100 years back: never an overflow
                return clock.instant().minus(com.bazaar.cli.config.BazaarConfig.duration(value));
            } catch (DateTimeParseException tooLong) {
                throw new ValidationException("SINCE_INVALID", "since", "--since is at most 100 years back (got '"
                        + com.bazaar.domain.shared.Numbers.abbreviated(value.strip()) + "')");
            }
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new ValidationException("SINCE_INVALID", "since", "--since must be a date (2026-11-25), "
                        + "an instant (2026-11-25T10:00:00Z) or an age such as 30m, 2h, 7d (got '" + value + "')");
            }
        }
    }
}
