package com.bazaar.cli.output;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import com.bazaar.domain.shared.UrlCredentials;

/**
 * The text log lines (logback.xml): {@code %safe(...)} writes what it encloses with URL credentials masked
 * ({@link UrlCredentials}) and terminal-unsafe characters escaped ({@link TerminalText#text}; the line breaks and
 * tabs of a stack trace stay). Log messages quote stored values and exception messages, and the log goes to the
 * operator's terminal.
 */
public final class TextLogSafety extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return TerminalText.text(UrlCredentials.redact(in));
    }
}
