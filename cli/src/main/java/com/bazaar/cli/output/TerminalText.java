package com.bazaar.cli.output;

import java.io.PrintWriter;

/**
 * The one rule for text that reaches an operator's terminal. Stored text is untrusted (a seller writes product
 * descriptions, file names, settlement lines; anyone writes reasons): a character that a terminal would obey or that
 * reorders or hides text is shown as a visible escape instead of being written raw. Unsafe characters:
 * <ul>
 *   <li>C0 controls U+0000-U+001F (ESC starts ANSI/OSC sequences; CR, BS and VT overwrite text), DEL U+007F, and C1
 *       controls U+0080-U+009F (U+009B is CSI, U+009D is OSC, U+0085 is NEL);</li>
 *   <li>bidirectional controls: U+061C, U+200E, U+200F, U+202A-U+202E (embeddings and overrides such as U+202E),
 *       U+2066-U+2069 (isolates);</li>
 *   <li>line and paragraph separators U+2028, U+2029 (some terminals and viewers break the line there);</li>
 *   <li>invisible characters that make two different strings look alike: U+180E, U+200B, U+2060-U+2064, U+206A-U+206F,
 *       U+FEFF (byte order mark), U+FFF9-U+FFFB (interlinear annotation, hides text).</li>
 * </ul>
 * Kept as they are: U+200C and U+200D (zero-width non-joiner and joiner: Persian, Indic scripts and emoji sequences
 * need them; they neither move the cursor nor reorder text), U+00AD (soft hyphen), the visible Arabic and Syriac
 * format signs (U+0600-U+0605, U+06DD, U+070F, U+0890-U+0891, U+08E2), and characters outside the Basic Multilingual
 * Plane (tag characters U+E0000-U+E007F are invisible but cannot control a terminal). Escapes: {@code \n}, {@code \r},
 * {@code \t}; {@code \x1b} for the other C0 controls and DEL; <code>&#92;u202e</code> for the rest. A backslash is not
 * escaped: the rendering is for people; the exact stored value is what {@code --output json} prints.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** Whether this character must never be written raw to a terminal. */
    public static boolean unsafe(char c) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return true;
        }
        if (c < 0x061C) {
            return false;
        }
        return c == 0x061C || c == 0x180E || c == 0x200B || c == 0x200E || c == 0x200F
                || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F)
                || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
    }

    /** The visible escape of an unsafe character: {@code \n}, {@code \x1b}, <code>&#92;u202e</code>. */
    public static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
        };
    }

    /**
     * A value as one line of a table, a record or a sentence: every unsafe character escaped, newlines and tabs
     * included (a cell is one line; a sentence quoting a value stays one sentence).
     */
    public static String line(String value) {
        return escaped(value, false);
    }

    /**
     * Text that may span lines: every unsafe character escaped except newlines and tabs. For CSV cells (CSV quotes
     * them: a cell with a line break stays one cell), log lines (a stack trace has both) and terminal streams.
     */
    public static String text(String value) {
        return escaped(value, true);
    }

    private static String escaped(String value, boolean keepNewlinesAndTabs) {
        if (value == null) {
            return null;
        }
        int first = firstUnsafe(value, 0, value.length(), keepNewlinesAndTabs);
        if (first < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (unsafe(c) && !(keepNewlinesAndTabs && (c == '\n' || c == '\t'))) {
                b.append(escape(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static int firstUnsafe(CharSequence s, int from, int to, boolean keepNewlinesAndTabs) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (unsafe(c) && !(keepNewlinesAndTabs && (c == '\n' || c == '\t'))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The writer commands, error reports and the shell print through: our own newlines and tabs pass, every other
     * unsafe character is escaped as in {@link #line}. The last line of defence behind {@link Output}: a sentence
     * that quotes a stored value can still not move the cursor, clear the screen or set the window title. Wrapping an
     * already guarded writer returns it.
     */
    public static PrintWriter guard(PrintWriter writer) {
        return writer instanceof Guarded ? writer : new Guarded(writer);
    }

    /**
     * The writer under a guarded one, for the one caller that writes a control character of its own: the progress
     * line of a job, redrawn in place with a carriage return (it holds only numbers).
     */
    public static PrintWriter unguarded(PrintWriter writer) {
        return writer instanceof Guarded g ? g.raw : writer;
    }

    private static final class Guarded extends PrintWriter {
        private final PrintWriter raw;

        Guarded(PrintWriter raw) {
            super(new EscapingWriter(raw), true);
            this.raw = raw;
        }
    }

    /** Escapes unsafe characters (except newline and tab) on their way to the writer underneath; buffers nothing. */
    private static final class EscapingWriter extends java.io.Writer {
        private final java.io.Writer out;

        EscapingWriter(java.io.Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws java.io.IOException {
            int end = offset + length;
            int start = offset;
            java.nio.CharBuffer chars = java.nio.CharBuffer.wrap(buffer);
            for (int i = firstUnsafe(chars, start, end, true); i >= 0; i = firstUnsafe(chars, start, end, true)) {
                out.write(buffer, start, i - start);
                out.write(escape(buffer[i]));
                start = i + 1;
            }
            out.write(buffer, start, end - start);
        }

        @Override
        public void write(String text, int offset, int length) throws java.io.IOException {
            int end = offset + length;
            int start = offset;
            for (int i = firstUnsafe(text, start, end, true); i >= 0; i = firstUnsafe(text, start, end, true)) {
                out.write(text, start, i - start);
                out.write(escape(text.charAt(i)));
                start = i + 1;
            }
            out.write(text, start, end - start);
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            out.close();
        }
    }
}
