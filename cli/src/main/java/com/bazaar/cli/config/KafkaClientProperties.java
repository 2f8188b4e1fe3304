package com.bazaar.cli.config;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.events.KafkaConnection;
import com.bazaar.postgres.files.PrivateFiles;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The client properties of an external Kafka cluster ({@code kafka.client-properties}, a Java properties file): the
 * settings that secure the connection - {@code security.protocol}, {@code sasl.*}, {@code ssl.*} and a few connection
 * settings ({@link KafkaConnection#refusal}). The file holds secrets (a JAAS configuration with a password, key store
 * passwords), so it is read as a token file is ({@link PrivateFiles}: a regular file of the user, no permission for
 * group or others, never a link) and its values are never shown, except {@link #SHOWN}. A key that is not allowed,
 * set twice or unreadable is refused (exit 2) naming the file, the line and the key.
 */
public record KafkaClientProperties(Path file, BazaarConfig.Source source, Map<String, String> values) {

    /** The largest file read: a few PEM certificates given inline ({@code ssl.truststore.certificates}) fit. */
    public static final int MAX_BYTES = 65_536;

    /** The only values {@code config show} prints: they say how Bazaar connects and hold no secret. */
    public static final Set<String> SHOWN = Set.of("security.protocol", "sasl.mechanism");

    /**
     * What a Kafka setting's name looks like (dotted, lower case); anything else that is not a Kafka setting (acks) is
     * not quoted: a line may be the rest of a secret.
     */
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z][a-z0-9]*(?:\\.[a-z0-9-]+)+");

    public KafkaClientProperties {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads and checks the file; every refusal names the file (and the line). */
    public static KafkaClientProperties read(Path file, BazaarConfig.Source source) {
        String text = PrivateFiles.readSecret(file, "Kafka client properties file", MAX_BYTES);
        return new KafkaClientProperties(file, source, parse(file, text));
    }

    /** The properties of the text, in file order; a refusal (exit 2) names the file, the line and the key. */
    static Map<String, String> parse(Path file, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i + 1;
            String leading = lines[i].stripLeading();
            if (leading.isEmpty() || leading.startsWith("#") || leading.startsWith("!")) {
                continue;
            }
            // a logical line goes on while a line ends with an odd number of backslashes (Properties' continuation)
            StringBuilder logical = new StringBuilder(lines[i]);
            while (continues(lines[i]) && i + 1 < lines.length) {
                logical.append('\n').append(lines[++i]);
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw refused(file, first, "cannot be read as a property (a malformed \\uXXXX escape)");
            }
            for (String key : one.stringPropertyNames()) {
                String value = one.getProperty(key);
                if (!SETTING_NAME.matcher(key).matches() && !KafkaConnection.clientSetting(key)) {
                    throw refused(file, first, "is not a Kafka setting (its key is not shown: a line without '=' may"
                            + " be the rest of a value; end the line before it with '\\' to continue a value)");
                }
                Integer earlier = lineOf.putIfAbsent(key, first);
                if (earlier != null) {
                    throw refused(file, first, "sets " + key + " again (first on line " + earlier + ")");
                }
                KafkaConnection.refusal(key, value).ifPresent(why -> {
                    throw refused(file, first, key + ": " + why);
                });
                values.put(key, value);
            }
        }
        return values;
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static CommandFailure refused(Path file, int line, String what) {
        return new CommandFailure(ExitCode.USAGE, "the Kafka client properties file " + file + ", line " + line + ": "
                + what);
    }

    /** {@code key=value, ...} in file order, every value masked but {@link #SHOWN}. */
    public String describe() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + (SHOWN.contains(e.getKey()) ? e.getValue()
                : com.bazaar.domain.shared.UrlCredentials.MASK)).collect(Collectors.joining(", "));
    }

    /** The file and the keys it sets, never the values. */
    @Override
    public String toString() {
        return "KafkaClientProperties[file=" + file + ", source=" + source + ", keys=" + values.keySet() + "]";
    }
}
