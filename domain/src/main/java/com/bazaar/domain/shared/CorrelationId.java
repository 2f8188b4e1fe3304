package com.bazaar.domain.shared;

import java.util.regex.Pattern;

/** Ties together everything one command or job did: log lines, audit records, events. */
public record CorrelationId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public CorrelationId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ValidationException("CORRELATION_ID_INVALID", "correlation-id",
                    "correlation id must be 1-100 letters, digits or . _ : - (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
