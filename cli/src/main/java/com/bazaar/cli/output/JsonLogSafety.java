package com.bazaar.cli.output;

import com.bazaar.domain.shared.UrlCredentials;
import net.logstash.logback.decorate.TokenStreamFactoryBuilderDecorator;
import net.logstash.logback.mask.ValueMasker;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;

/**
 * The JSON log lines (logback-json.xml, {@code --log-format json}) written like {@link Output}'s JSON: terminal-unsafe
 * characters as <code>&#92;uXXXX</code> escapes ({@link JsonEscapes}). Its nested {@link Credentials} masks URL credentials
 * in every string value (message, stack trace, MDC) with the one redaction, {@link UrlCredentials}.
 */
public final class JsonLogSafety implements TokenStreamFactoryBuilderDecorator<JsonFactory, JsonFactoryBuilder> {

    @Override
    public JsonFactoryBuilder decorate(JsonFactoryBuilder builder) {
        return builder.characterEscapes(JsonEscapes.INSTANCE);
    }

    /** Masks URL credentials in a string value of a JSON log line; leaves every other value alone. */
    public static final class Credentials implements ValueMasker {
        @Override
        public Object mask(TokenStreamContext context, Object value) {
            if (value instanceof CharSequence text) {
                String s = text.toString();
                String redacted = UrlCredentials.redact(s);
                return redacted.equals(s) ? null : redacted;
            }
            return null;
        }
    }
}
