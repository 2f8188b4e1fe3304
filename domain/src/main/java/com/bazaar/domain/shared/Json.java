package com.bazaar.domain.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal, deterministic JSON writer for audit snapshots: keys keep insertion order, so the same state
 * always gives the same text (the audit chain hashes that text). Values: null, String, Number, Boolean,
 * Collection, Map, or anything else by its toString(). {@link #read} reads such text back (event payloads).
 */
public final class Json {

    private Json() {
    }

    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Reads JSON text: objects as insertion-ordered maps, arrays as lists, strings, integers as {@code Long},
     * booleans and null. Numbers with a fraction or an exponent are refused: this JSON never writes them.
     */
    public static Object read(String text) {
        Reader reader = new Reader(text);
        Object value = reader.value();
        reader.blank();
        if (reader.at < text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    /** Reads a JSON object ({@link #read}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String text) {
        Object value = read(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("JSON text is not an object");
        }
        return (Map<String, Object>) value;
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Object value() {
            blank();
            if (at >= text.length()) {
                throw error("a value is missing");
            }
            char c = text.charAt(at);
            if (c == '{') {
                return object();
            }
            if (c == '[') {
                return array();
            }
            if (c == '"') {
                return string();
            }
            if (c == '-' || c >= '0' && c <= '9') {
                return number();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            throw error("unexpected character '" + c + "'");
        }

        private Map<String, Object> object() {
            Map<String, Object> map = Json.object();
            at++;
            blank();
            if (peek() == '}') {
                at++;
                return map;
            }
            while (true) {
                blank();
                if (peek() != '"') {
                    throw error("a key is expected");
                }
                String key = string();
                blank();
                expect(':');
                map.put(key, value());
                blank();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            at++;
            blank();
            if (peek() == ']') {
                at++;
                return list;
            }
            while (true) {
                list.add(value());
                blank();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw error("a string is not closed");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    throw error("a string is not closed");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            }
        }

        private Long number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
                throw error("only integers are read");
            }
            try {
                return Long.valueOf(text.substring(start, at));
            } catch (NumberFormatException e) {
                throw error("not an integer in range: " + text.substring(start, at));
            }
        }

        private char peek() {
            if (at >= text.length()) {
                throw error("the text ends too early");
            }
            return text.charAt(at);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' is expected");
            }
            at++;
        }

        void blank() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at offset " + at + ": " + what);
        }
    }
}
