package com.bazaar.cli.output;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;

/**
 * JSON that is safe on a terminal and still exact: Jackson escapes the C0 controls; this also writes DEL and every
 * other character that {@link TerminalText#unsafe} names (C1 controls, bidirectional controls, U+2028/U+2029,
 * invisible format characters) as a <code>&#92;uXXXX</code> escape, which any JSON parser reads back as the same character.
 * Used by {@link Output} and by the JSON logs ({@link JsonLogSafety}).
 */
public final class JsonEscapes extends CharacterEscapes {

    public static final JsonEscapes INSTANCE = new JsonEscapes();

    private final int[] ascii;

    private JsonEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch <= 0xFFFF && TerminalText.unsafe((char) ch)
                ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
